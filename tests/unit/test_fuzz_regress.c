/*
 * Replays tests/fuzz/regressions (inputs the fuzzer once crashed on) with
 * the fuzz harness itself, each in a child: it must return normally.
 */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../fuzz/fuzz_engine.c"
#include "tap.h"
#include "slurp.h"


#define REGRESSIONS  "tests/fuzz/regressions"


static int
replay(const char *path)
{
    struct rlimit   cpu = { 30, 30 };
    unsigned char  *buf;
    size_t          len;
    pid_t           pid;
    int             status;

    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        return -1;
    }

    if (pid == 0) {
        setrlimit(RLIMIT_CPU, &cpu);

        buf = slurp(path, &len);
        if (buf == NULL) {
            _exit(3);
        }

        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        _exit(0);
    }

    if (waitpid(pid, &status, 0) < 0) {
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}


int
main(void)
{
    struct dirent  *de;
    char            path[1024];
    DIR            *d;
    int             rc;

    d = opendir(REGRESSIONS);
    if (d == NULL) {
        printf("1..0 # SKIP %s absent\n", REGRESSIONS);
        return 0;
    }

    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "README") == 0) {
            continue;
        }
        snprintf(path, sizeof(path), REGRESSIONS "/%s", de->d_name);
        rc = replay(path);
        ok(rc == 0, "%s (exit %d)", de->d_name, rc);
    }

    closedir(d);

    if (tap_run == 0) {
        printf("1..0 # SKIP no regression inputs yet\n");
        return 0;
    }

    return done_testing();
}
