package ReaderFaults;

# Faults for the hostile-input and load tests (tests/nginx/hostile.t,
# tests/load/load.t): a preforking upstream, clients that go away, and a
# process's memory.
#
# The upstream serves every ReaderBackend shape (m=chunked, slow, close,
# gzip, truncated...) with several children, so that slow responses do not
# queue the others, and adds two of its own:
#
#   m=raw     the file's bytes verbatim, ce=CODING as Content-Encoding (a
#             pre-compressed file: no compression here), ct=TYPE
#   m=reset   Content-Length of the whole file, half of it, then a TCP reset
#
#   my @pids = ReaderFaults::start_upstream(port => $p, root => $dir);
#   ReaderFaults::stop(@pids);

use strict;
use warnings;

use IO::Socket::INET;
use POSIX qw();
use Socket qw(MSG_PEEK SOL_SOCKET SO_LINGER);
use Time::HiRes qw(sleep time);

use ReaderBackend;


my %started;    # upstream pid => the pid of the process that started it


# starts the upstream: a listening socket shared by `children` processes;
# returns their pids

sub start_upstream {
    my (%o) = @_;

    my $listen = IO::Socket::INET->new(
        LocalAddr => "127.0.0.1:$o{port}", Proto => 'tcp', Listen => 128,
        ReuseAddr => 1)
        or die "upstream cannot listen on $o{port}: $!";

    my @pids;

    for (1 .. $o{children} // 8) {
        my $pid = fork() // die "fork: $!";

        if ($pid == 0) {
            $SIG{PIPE} = 'IGNORE';

            while (my $c = $listen->accept) {
                eval { serve($c, $o{root}) };
                close $c;
            }

            POSIX::_exit(0);
        }

        push @pids, $pid;
    }

    close $listen;
    $started{$_} = $$ for @pids;

    return @pids;
}


sub stop {
    my (@pids) = @_;

    kill 'TERM', @pids;
    waitpid($_, 0) for @pids;
    delete @started{@pids};
}


# a test that dies leaves no upstream behind (it would hold prove's pipe)

END {
    local $?;
    my @left = grep { $started{$_} == $$ } keys %started;
    stop(@left) if @left;
}


# the modes of this file, or ReaderBackend's; the request line is peeked
# so that ReaderBackend reads the request as it always does

sub serve {
    my ($c, $root) = @_;

    my $line = peek_line($c);
    my ($path, $query) = $line =~ m{^\w+ ([^?\s]*)\??(\S*) HTTP/}
        or return ReaderBackend::serve($c, $root);
    my %q = map { my ($k, $v) = split /=/, $_, 2;
                  ($k, ReaderBackend::unesc($v // '')) }
        split /&/, $query;
    my $mode = $q{m} // '';

    return ReaderBackend::serve($c, $root)
        unless $mode eq 'raw' || $mode eq 'reset';

    read_request($c);

    my ($body) = ReaderBackend::slurp("$root$path")
        or return ReaderBackend::reply($c, 404);

    my @h = ('Content-Type: ' . ($q{ct} // 'text/html'),
             'Content-Length: ' . length $body);
    push @h, "Content-Encoding: $q{ce}" if $q{ce};

    ReaderBackend::send_head($c, 200, @h);

    if ($mode eq 'raw') {
        write_all($c, $body);
        return;
    }

    write_all($c, substr($body, 0, length($body) / 2));
    sleep 0.01;
    setsockopt($c, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0));
}


sub peek_line {
    my ($c) = @_;

    my $buf = '';
    my $deadline = time + 5;

    while (time < $deadline) {
        defined recv($c, $buf, 8192, MSG_PEEK) or last;
        last if $buf =~ /\r\n/ || $buf eq '' || length $buf >= 8192;
        sleep 0.005;
    }

    return $buf;
}


sub read_request {
    my ($c) = @_;

    my $req = '';

    local $SIG{ALRM} = sub { die "timeout\n" };
    alarm 10;

    while ($req !~ /\r\n\r\n/ && length $req < 65536) {
        sysread($c, $req, 4096, length $req) or last;
    }

    alarm 0;
}


sub write_all {
    my ($c, $data) = @_;

    my $off = 0;

    while ($off < length $data) {
        my $n = syswrite($c, $data, 65536, $off) or return;
        $off += $n;
    }
}


# clients that go away: `count` requests for random paths, each closed
# after a random pause (half of them with a reset), in a child process that
# ends by itself after `seconds` (or on SIGTERM) and writes how many it
# made to `report`; returns its pid

sub start_aborts {
    my (%o) = @_;

    my $pid = fork() // die "fork: $!";
    return $pid if $pid;

    my $stop = 0;

    $SIG{PIPE} = 'IGNORE';
    $SIG{TERM} = sub { $stop = 1 };
    srand($o{seed} // $$);

    my $deadline = time + ($o{seconds} // 60);
    my $done = 0;

    while (!$stop && $done < $o{count} && time < $deadline) {
        my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$o{port}");
        $done++;

        if (!$s) {
            sleep 0.05;
            next;
        }

        my $path = $o{paths}[rand @{ $o{paths} }];

        print $s "GET $path HTTP/1.1\r\nHost: localhost\r\n"
            . "Accept-Encoding: gzip\r\n\r\n";
        sleep rand 0.05;

        # some read the start of the reply first
        sysread($s, my $buf, 1 + int rand 2048) if rand() < 0.3;

        setsockopt($s, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0))
            if rand() < 0.5;
        close $s;
    }

    if ($o{report} && open my $fh, '>', $o{report}) {
        print $fh "$done\n";
        close $fh;
    }

    POSIX::_exit(0);
}


# the worker processes of an nginx master (children of pid)

sub children {
    my ($ppid) = @_;

    my @kids;

    for my $stat (glob '/proc/[0-9]*/stat') {
        open my $fh, '<', $stat or next;
        my $line = <$fh> // next;
        close $fh;

        # pid (comm) state ppid: comm may contain spaces and parentheses
        my ($pid, $parent) = $line =~ /^(\d+) \(.*\) \S+ (\d+)/ or next;
        push @kids, $pid if $parent == $ppid;
    }

    return sort { $a <=> $b } @kids;
}


# VmRSS of a process in kB, or undef when it is gone

sub rss_kb {
    my ($pid) = @_;

    open my $fh, '<', "/proc/$pid/status" or return undef;

    while (<$fh>) {
        return $1 if /^VmRSS:\s+(\d+)\s+kB/;
    }

    return undef;
}


1;
