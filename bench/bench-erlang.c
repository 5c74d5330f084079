/* Benchmark of the Erlang staffing functions: one Erlang C evaluation at
 * 10, 100 and 10,000 agents, the agents-needed sweep at 10,000 agents, and
 * a week's staffing table (336 half hours), small and large volumes.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <libsla/sla.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Keeps results alive so the calls are not optimised away. */
static volatile double sink;

static int fail(const char *what, int r)
{
    fprintf(stderr, "%s: %s\n", what, sla_strerror(r));
    return 1;
}

/* Runs `reps` calls of Erlang C at n agents with load a (AHT 300 s). */
static int bench_c(int n, double a, long reps)
{
    double t0, t1, v = 0.0, acc = 0.0;
    long i;
    int r;

    t0 = now_ns();
    for (i = 0; i < reps; i++) {
        /* vary the load a little so nothing is hoisted */
        r = sla_erlang_c((a + (double)(i & 7) * 1e-9) / 300.0, 300.0, n, &v);
        if (r < 0)
            return fail("sla_erlang_c", r);
        acc += v;
    }
    t1 = now_ns();
    sink = acc;
    printf("erlang_c      N=%-6d a=%-8.1f %10.1f ns/call  (%ld calls)\n", n, a, (t1 - t0) / (double)reps,
           reps);
    return 0;
}

int main(void)
{
    double contacts[336], t0, t1;
    int agents[336], sched[336];
    long i, reps;
    int n, s, r;

    printf("libsla %s Erlang benchmark\n", sla_version_string());
    if (bench_c(10, 8.0, 2000000) || bench_c(100, 90.0, 500000) || bench_c(10000, 9000.0, 20000) ||
        bench_c(10000, 9900.0, 20000) || bench_c(10000, 100.0, 20000))
        return 1;

    /* Least N for 80/20 at a = 10,000 Erlangs (answer 10,013). */
    reps = 20000;
    t0 = now_ns();
    for (i = 0; i < reps; i++) {
        r = sla_erlang_c_agents((10000.0 + (double)(i & 7) * 1e-9) / 180.0, 180.0, 20.0, 0.8, 1.0,
                                0.3, &n, &s);
        if (r < 0)
            return fail("sla_erlang_c_agents", r);
    }
    t1 = now_ns();
    printf("agents sweep  a=10000 -> N=%d (scheduled %d)  %10.2f us/call (target < 100 us)\n", n, s,
           (t1 - t0) / (double)reps / 1e3);

    /* A week of half hours: office-hours profile, then a large-volume one
     * (every bucket different, up to about 10,000 Erlangs). */
    for (r = 0; r < 2; r++) {
        double scale = r == 0 ? 1.0 : 60.0;
        int k;
        for (k = 0; k < 336; k++) {
            int slot = k % 48, day = k / 48;
            double base = (day < 5 && slot >= 14 && slot < 42) ? 400.0 : 60.0;
            contacts[k] = scale * (base + 3.7 * (double)slot + 11.3 * (double)day + 0.01 * k);
        }
        reps = r == 0 ? 2000 : 200;
        t0 = now_ns();
        for (i = 0; i < reps; i++) {
            int rr = sla_staffing_table(contacts, 336, 1800, 300.0, 20.0, 0.8, 0.85, 0.3, agents, sched);
            if (rr < 0)
                return fail("sla_staffing_table", rr);
        }
        t1 = now_ns();
        {
            int mx = 0;
            for (k = 0; k < 336; k++)
                if (agents[k] > mx)
                    mx = agents[k];
            printf("week table    336 buckets, peak %6d agents  %10.3f ms/week (target < 10 ms)\n", mx,
                   (t1 - t0) / (double)reps / 1e6);
        }
    }

    /* Erlang A service level (chat: AHT 300 s, patience 120 s, 60 s). */
    reps = 2000;
    t0 = now_ns();
    for (i = 0; i < reps; i++) {
        double v;
        r = sla_erlang_a_service_level((9900.0 + (double)(i & 7) * 1e-9) / 300.0, 300.0, 120.0, 10000,
                                       60.0, &v);
        if (r < 0)
            return fail("sla_erlang_a_service_level", r);
        sink = v;
    }
    t1 = now_ns();
    printf("erlang_a SL   N=10000 a=9900            %10.2f us/call\n", (t1 - t0) / (double)reps / 1e3);
    return 0;
}
