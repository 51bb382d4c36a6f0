package ReaderBackend;

# A Perl upstream for the nginx tests.  It serves files from a directory
# (the request path) and shapes the response by the query parameter m, so
# that every shape has the same URI:
#
#   (none), plain  identity, Content-Length, ETag and Last-Modified
#   chunked        chunked, in small chunks of random size
#   close          no length: the body ends when the connection closes
#   slow           chunked, a pause between chunks
#   gzip           Content-Encoding: gzip (x-gzip with x=1)
#   deflate        Content-Encoding: deflate (zlib); raw=1 for raw deflate
#   multi          Content-Encoding: gzip as two concatenated members
#   corrupt        gzip with flipped bytes in the middle
#   truncated      gzip cut in half (the HTTP framing is complete)
#   short          identity, Content-Length larger than what is sent
#   bomb           gzip of mib=N MiB of spaces inside an HTML page
#   br             Content-Encoding: br (the bytes are not compressed)
#
# Other parameters: ct=TYPE (Content-Type, %-escaped), nocache=1 (no
# Cache-Control), novalidator=1 (no ETag, no Last-Modified).
# HEAD gets the same headers and no body.

use strict;
use warnings;

use IO::Compress::Deflate qw(deflate $DeflateError);
use IO::Compress::Gzip qw(gzip $GzipError);
use IO::Compress::RawDeflate qw(rawdeflate $RawDeflateError);
use IO::Socket::INET;
use POSIX qw(strftime);
use Time::HiRes qw(sleep);


my %started;    # pid => the process that started it


# starts the server in a child process; returns its pid

sub start {
    my (%o) = @_;

    my $listen = IO::Socket::INET->new(
        LocalAddr => "127.0.0.1:$o{port}", Proto => 'tcp', Listen => 16,
        ReuseAddr => 1)
        or die "backend cannot listen on $o{port}: $!";

    my $pid = fork() // die "fork: $!";

    if ($pid) {
        close $listen;
        $started{$pid} = $$;
        return $pid;
    }

    $SIG{PIPE} = 'IGNORE';

    while (my $c = $listen->accept) {
        eval { serve($c, $o{root}) };
        close $c;
    }

    POSIX::_exit(0);
}


sub stop {
    my ($pid) = @_;

    return unless $pid;
    kill 'TERM', $pid;
    waitpid($pid, 0);
    delete $started{$pid};
}


# a test that dies leaves no backend behind (it would hold prove's pipe);
# the test's exit status stays its own

END {
    local $?;
    stop($_) for grep { $started{$_} == $$ } keys %started;
}


sub serve {
    my ($c, $root) = @_;

    my $req = '';

    local $SIG{ALRM} = sub { die "timeout\n" };
    alarm 10;

    while ($req !~ /\r\n\r\n/ && length $req < 65536) {
        my $n = sysread($c, $req, 4096, length $req);
        last unless $n;
    }

    alarm 0;

    my ($method, $uri) = $req =~ m{^(\w+) (\S+) HTTP/} or return;
    my ($path, $query) = split /\?/, $uri, 2;
    my %q = map { my ($k, $v) = split /=/, $_, 2; ($k, unesc($v // '')) }
        split /&/, $query // '';

    my $mode = $q{m} // 'plain';
    my ($body, $mtime, $type) = ('', 0, $q{ct} // 'text/html');

    if ($mode eq 'bomb') {
        $body = '<html><body><p>' . (' ' x (($q{mib} // 1) << 20))
            . '</p></body></html>';

    } else {
        ($body, $mtime) = slurp("$root$path") or return reply($c, 404);
    }

    my @h = ("Content-Type: $type");

    if ($mtime && !$q{novalidator}) {
        push @h, 'Last-Modified: '
            . strftime('%a, %d %b %Y %H:%M:%S GMT', gmtime $mtime),
            sprintf('ETag: "%x-%x"', $mtime, length $body);
    }

    push @h, 'Cache-Control: max-age=60' unless $q{nocache};

    my $head = $method eq 'HEAD';

    if ($mode eq 'chunked' || $mode eq 'slow') {
        push @h, 'Transfer-Encoding: chunked';
        send_head($c, 200, @h);
        return if $head;

        my $i = 0;
        while ($i < length $body) {
            my $n = 1 + int rand 3000;
            my $part = substr $body, $i, $n;
            $i += length $part;
            syswrite $c, sprintf("%x\r\n", length $part) . $part . "\r\n";
            sleep 0.05 if $mode eq 'slow';
        }

        syswrite $c, "0\r\n\r\n";
        return;
    }

    if ($mode eq 'close') {
        send_head($c, 200, @h);
        syswrite $c, $body unless $head;
        return;
    }

    my $enc;

    if ($mode eq 'gzip' || $mode eq 'bomb' || $mode eq 'corrupt'
        || $mode eq 'truncated')
    {
        gzip(\$body => \my $z, Minimal => 1) or die $GzipError;
        $body = $z;
        $enc = $q{x} ? 'x-gzip' : 'gzip';

    } elsif ($mode eq 'multi') {
        my ($one, $two) = (substr($body, 0, length($body) / 2),
                           substr($body, length($body) / 2));
        gzip(\$one => \my $z1, Minimal => 1) or die $GzipError;
        gzip(\$two => \my $z2, Minimal => 1) or die $GzipError;
        $body = $z1 . $z2;
        $enc = 'gzip';

    } elsif ($mode eq 'deflate') {
        if ($q{raw}) {
            rawdeflate(\$body => \my $z) or die $RawDeflateError;
            $body = $z;

        } else {
            deflate(\$body => \my $z) or die $DeflateError;
            $body = $z;
        }

        $enc = 'deflate';

    } elsif ($mode eq 'br') {
        $enc = 'br';
    }

    if ($mode eq 'corrupt') {
        my $mid = int(length($body) / 2);
        substr($body, $mid, 8) = join '', map { chr(ord($_) ^ 0x5a) }
            split //, substr($body, $mid, 8);
    }

    if ($mode eq 'truncated') {
        $body = substr $body, 0, int(length($body) / 2);
    }

    push @h, "Content-Encoding: $enc", 'Vary: Accept-Encoding' if $enc;

    if ($mode eq 'short') {
        push @h, 'Content-Length: ' . (length($body) + 1000);

    } else {
        push @h, 'Content-Length: ' . length $body;
    }

    send_head($c, 200, @h);
    syswrite $c, $body unless $head;
}


sub send_head {
    my ($c, $status, @h) = @_;

    my $text = $status == 200 ? 'OK' : 'Not Found';
    syswrite $c, join("\r\n", "HTTP/1.1 $status $text", 'Connection: close',
                      @h) . "\r\n\r\n";
}


sub reply {
    my ($c, $status) = @_;

    send_head($c, $status, 'Content-Type: text/plain', 'Content-Length: 10');
    syswrite $c, "not found\n";
}


sub slurp {
    my ($path) = @_;

    return if $path =~ m{\.\.};
    open my $fh, '<:raw', $path or return;
    local $/;
    my $data = <$fh>;
    my $mtime = (stat $fh)[9];
    close $fh;

    return ($data, $mtime);
}


sub unesc {
    my ($s) = @_;
    $s =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
    return $s;
}


1;
