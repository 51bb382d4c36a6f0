package ReaderTest;

# A small nginx-tests style harness on core Perl: a temporary prefix, free
# ports, nginx started in the foreground with the reader module loaded,
# HTTP::Tiny requests, and an error.log check when nginx stops.
#
#   my $t = ReaderTest->new;                  # skips the file when absent
#   $t->write_file('html/a.html', $bytes);
#   $t->run(<<'EOF');                         # the inside of http { }
#       server { listen 127.0.0.1:%%PORT_0%%; ... }
#   EOF
#   my $r = $t->get('/a.html?reader=1', 'Accept-Encoding' => 'gzip');
#   is($t->stop, '', 'no alerts');
#
# Environment: READER_MODULE (default build/ngx_http_reader_filter_module.so;
# "static" for an nginx built with --add-module), NGINX_BINARY (default
# /usr/sbin/nginx), TEST_NGINX_LEAVE (keep the prefix).

use strict;
use warnings;

use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use HTTP::Tiny;
use IO::Socket::INET;
use IO::Uncompress::Gunzip qw(gunzip $GunzipError);
use POSIX qw(WNOHANG);
use Test::More;
use Time::HiRes qw(sleep time);

our $ROOT = abs_path(dirname(__FILE__) . '/../..');


sub new {
    my ($class) = @_;

    my $module = $ENV{READER_MODULE}
        // "$ROOT/build/ngx_http_reader_filter_module.so";
    my $nginx = $ENV{NGINX_BINARY} // '/usr/sbin/nginx';

    plan(skip_all => "nginx binary $nginx not found (apt-get install nginx)")
        unless -x $nginx;
    plan(skip_all => "module $module not built (run make module)")
        unless $module eq 'static' || -f $module;

    my $dir = tempdir('reader-test-XXXXXXXX', TMPDIR => 1,
                      CLEANUP => !$ENV{TEST_NGINX_LEAVE});

    # workers run as nobody when the tests run as root
    chmod 0755, $dir;
    make_path(map { "$dir/$_" } qw(conf logs html tmp));
    chmod 0755, map { "$dir/$_" } qw(conf logs html tmp);

    diag("prefix $dir") if $ENV{TEST_NGINX_LEAVE};

    return bless {
        dir => $dir, nginx => $nginx,
        load => $module eq 'static'
                ? '' : 'load_module ' . abs_path($module) . ';',
        ports => [], pid => undef,
        http => HTTP::Tiny->new(max_redirect => 0, timeout => 20,
                                keep_alive => 0),
    }, $class;
}


sub dir { $_[0]{dir} }
sub root { $ROOT }


# a free port, chosen by binding port 0; the same index gives the same port

sub port {
    my ($self, $n) = @_;

    return $self->{ports}[$n] //= do {
        my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                      LocalPort => 0, Proto => 'tcp',
                                      Listen => 1, ReuseAddr => 1)
            or die "cannot bind a free port: $!";
        my $p = $s->sockport;
        close $s;
        $p;
    };
}


sub write_file {
    my ($self, $name, $data) = @_;

    my $path = "$self->{dir}/$name";
    make_path(dirname($path), { mode => 0755 });

    open my $fh, '>:raw', $path or die "$path: $!";
    print $fh $data;
    close $fh;
    chmod 0644, $path;

    return $path;
}


sub read_file {
    my ($self, $name) = @_;

    my $path = $name =~ m{^/} ? $name : "$self->{dir}/$name";
    open my $fh, '<:raw', $path or return '';
    local $/;
    my $data = <$fh>;
    close $fh;

    return $data;
}


# replaces %%PORT_n%% and %%DIR%% in a configuration fragment

sub expand {
    my ($self, $text) = @_;

    $text =~ s/%%PORT_(\d+)%%/$self->port($1)/ge;
    $text =~ s/%%DIR%%/$self->{dir}/g;

    return $text;
}


sub write_config {
    my ($self, $http) = @_;

    my $d = $self->{dir};
    my $conf = <<"EOF";
$self->{load}

daemon off;
master_process on;
worker_processes 1;
pid $d/logs/nginx.pid;
error_log $d/logs/error.log info;

events {
    worker_connections 128;
}

http {
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;

    types {
        text/html html htm;
        text/plain txt;
        text/css css;
        image/png png;
    }
    default_type application/octet-stream;

    log_format reader_test
        '\$request_uri \$status "\$reader_status" "\$reader_time"';
    access_log $d/logs/access.log reader_test;

${\ $self->expand($http)}
}
EOF

    $self->write_file('conf/nginx.conf', $conf);
}


# nginx -t on the inside of http { } (or, with full => 1, on a whole
# nginx.conf): (exit status, output)

sub test_config {
    my ($self, $text, %o) = @_;

    if ($o{full}) {
        $self->write_file('conf/nginx.conf', $self->expand($text));

    } else {
        $self->write_config($text);
    }

    my $d = $self->{dir};
    my $out = `$self->{nginx} -t -p $d/ -c conf/nginx.conf \\
               -e $d/logs/error.log 2>&1`;

    return ($? >> 8, $out);
}


# nginx -t passes on the inside of http { }, or says why not

sub config_ok {
    my ($self, $http, $name) = @_;

    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my ($rc, $out) = $self->test_config($http);
    Test::More::is($rc, 0, $name) or Test::More::diag($out);
}


# nginx -t refuses it, with a message matching re

sub config_fails {
    my ($self, $http, $re, $name) = @_;

    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my ($rc, $out) = $self->test_config($http);
    Test::More::isnt($rc, 0, "$name: refused");
    Test::More::like($out, $re, "$name: message");
}


sub run {
    my ($self, $http) = @_;

    $self->write_config($http);

    my $d = $self->{dir};
    unlink "$d/logs/nginx.pid";

    my $pid = fork() // die "fork: $!";

    if ($pid == 0) {
        open STDOUT, '>>', "$d/logs/stderr.log";
        open STDERR, '>>', "$d/logs/stderr.log";
        exec($self->{nginx}, '-p', "$d/", '-c', 'conf/nginx.conf',
             '-e', "$d/logs/error.log")
            or die "exec: $!";
    }

    $self->{pid} = $pid;

    # ready when the pid file exists and the first port answers

    my $deadline = time + 10;

    while (time < $deadline) {
        if (waitpid($pid, WNOHANG) == $pid) {
            $self->{pid} = undef;
            die "nginx exited at start:\n" . $self->read_file('logs/stderr.log')
                . $self->read_file('logs/error.log');
        }

        if (-s "$d/logs/nginx.pid"
            && IO::Socket::INET->new(PeerAddr => '127.0.0.1:' . $self->port(0)))
        {
            return $self;
        }

        sleep 0.05;
    }

    die "nginx did not start";
}


# stops nginx gracefully; returns the [alert], [crit] and [emerg] lines

sub stop {
    my ($self) = @_;

    if (my $pid = $self->{pid}) {
        kill 'QUIT', $pid;

        my $deadline = time + 15;
        while (time < $deadline && waitpid($pid, WNOHANG) != $pid) {
            sleep 0.05;
        }

        if (kill 0, $pid) {
            kill 'KILL', $pid;
            waitpid($pid, 0);
        }

        $self->{pid} = undef;
    }

    return join '', grep { /\[(alert|crit|emerg)\]/ }
        split /^/m, $self->read_file('logs/error.log');
}


sub DESTROY {
    my ($self) = @_;

    if ($self->{pid}) {
        kill 'KILL', $self->{pid};
        waitpid($self->{pid}, 0);
    }
}


# a request to the first port; returns HTTP::Tiny's response hash

sub request {
    my ($self, $method, $path, %headers) = @_;

    my $port = delete $headers{PORT} // $self->port(0);
    $self->{sent}{$path}++ if $port == $self->port(0);

    return $self->{http}->request($method, "http://127.0.0.1:$port$path",
                                  { headers => \%headers });
}


sub get {
    my ($self, $path, %headers) = @_;
    return $self->request('GET', $path, %headers);
}


sub head {
    my ($self, $path, %headers) = @_;
    return $self->request('HEAD', $path, %headers);
}


# a raw request (Connection: close added); returns every byte received

sub raw {
    my ($self, $request) = @_;

    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1:' . $self->port(0))
        or die "connect: $!";

    $self->{sent}{$1}++ if $request =~ m{^\w+ (\S+)};
    $request =~ s/\r?\n/\r\n/g;
    print $s $request, "Connection: close\r\n\r\n";

    local $SIG{ALRM} = sub { die "raw request timed out\n" };
    alarm 20;

    my $data = '';
    while (sysread($s, $data, 65536, length $data)) { }

    alarm 0;
    close $s;

    return $data;
}


# the body, gunzipped when the response says Content-Encoding: gzip

sub body {
    my ($self, $r) = @_;

    my $ce = $r->{headers}{'content-encoding'} // '';
    return $r->{content} unless $ce eq 'gzip';

    my $out;
    gunzip(\$r->{content} => \$out) or return "gunzip failed: $GunzipError";

    return $out;
}


# the access log line of the last request for uri: [status, reader_status,
# reader_time]

sub logged {
    my ($self, $uri) = @_;

    # the line is written when the request ends, just after the reply: wait
    # until every request sent for uri has its line
    for (1 .. 250) {
        my @lines = grep { index($_, "$uri ") == 0 }
            split /\n/, $self->read_file('logs/access.log');

        if (@lines && @lines >= ($self->{sent}{$uri} // 0)) {
            my ($status, $rs, $rt) =
                $lines[-1] =~ / (\d+) "([^"]*)" "([^"]*)"$/;
            return [$status, $rs, $rt];
        }

        sleep 0.02;
    }

    return [];
}


# a header that may have been sent more than once, as one list

sub header_list {
    my ($r, $name) = @_;

    my $v = $r->{headers}{lc $name};
    return () unless defined $v;
    return ref $v ? @$v : ($v);
}


1;
