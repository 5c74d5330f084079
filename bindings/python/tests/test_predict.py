"""Erlang staffing, coverage, many-clock scan and queue forecast."""

import array
import math
import unittest

import libsla
from libsla import Calendar, predict

from .support import local


def erlang_b(n, a):
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(n, a):
    b = erlang_b(n, a)
    return n * b / (n - a * (1 - b))


class ErlangTest(unittest.TestCase):
    rate, aht = 100 / 1800, 180.0  # 10 Erlangs

    def test_erlang_b_c(self):
        a = self.rate * self.aht
        for n in (11, 12, 15, 30):
            self.assertAlmostEqual(predict.erlang_b(self.rate, self.aht, n), erlang_b(n, a), 12)
            c = erlang_c(n, a)
            self.assertAlmostEqual(predict.erlang_c(self.rate, self.aht, n), c, 12)
            self.assertAlmostEqual(predict.erlang_c_service_level(self.rate, self.aht, n, 20),
                                   1 - c * math.exp(-(n - a) * 20 / self.aht), 12)
            self.assertAlmostEqual(predict.erlang_c_asa(self.rate, self.aht, n),
                                   c * self.aht / (n - a), 9)
            self.assertAlmostEqual(predict.erlang_c_occupancy(self.rate, self.aht, n), a / n, 12)
        s = predict.erlang_c_stats(self.rate, self.aht, 12, 20)
        self.assertEqual(s.agents, 12)
        self.assertAlmostEqual(s.wait_probability, erlang_c(12, a), 12)
        with self.assertRaises(libsla.UnstableError) as cm:
            predict.erlang_c(self.rate, self.aht, 10)
        self.assertEqual(cm.exception.code, -14)
        with self.assertRaises(libsla.InvalidError):
            predict.erlang_b(-1, 1, 1)

    def test_agents_and_table(self):
        a = self.rate * self.aht
        st = predict.erlang_c_agents(self.rate, self.aht, 20, 0.8, 1.0, 0.3)
        want = next(n for n in range(11, 100)
                    if 1 - erlang_c(n, a) * math.exp(-(n - a) * 20 / self.aht) >= 0.8)
        self.assertEqual(st.agents, want)
        self.assertEqual(st.scheduled, math.ceil(want / 0.7 - 1e-9))
        tab = predict.staffing_table(array.array("d", [100, 0, 50]), 1800, self.aht, 20, 0.8)
        self.assertEqual(list(tab.agents), [want, 0,
                                            predict.erlang_c_agents(50 / 1800, self.aht, 20, .8).agents])
        out = array.array("i", [0, 0, 0])
        tab = predict.staffing_table([100, 0, 50], 1800, self.aht, 20, 0.8, agents_out=out)
        self.assertIs(tab.agents, out)

    def test_erlang_a(self):
        n = 12
        # with patience far longer than any wait, Erlang A approaches Erlang C
        w = predict.erlang_a_wait(self.rate, self.aht, 1e7, n)
        self.assertAlmostEqual(w, erlang_c(n, self.rate * self.aht), 4)
        ab = predict.erlang_a_abandon(self.rate, self.aht, 60, n)
        self.assertTrue(0 < ab < 1)
        sl = predict.erlang_a_service_level(self.rate, self.aht, 60, n, 20)
        self.assertTrue(0 < sl <= 1)
        self.assertGreater(predict.erlang_a_asa(self.rate, self.aht, 60, n), 0)
        occ = predict.erlang_a_occupancy(self.rate, self.aht, 60, n)
        self.assertAlmostEqual(occ, self.rate * self.aht * (1 - ab) / n, 12)
        s = predict.erlang_a_stats(self.rate, self.aht, 60, 9, 20)  # overload is allowed
        self.assertAlmostEqual(s.abandon_probability, predict.erlang_a_abandon(self.rate, self.aht, 60, 9))

    def test_erlang_a_agents(self):
        # the least N whose Erlang A service level is at least 80 % (libsla 1.1)
        st = predict.erlang_a_agents(self.rate, self.aht, 300, 20, 0.8, 1.0, 0.3)
        sl = predict.erlang_a_service_level
        self.assertGreaterEqual(sl(self.rate, self.aht, 300, st.agents, 20), 0.8)
        self.assertLess(sl(self.rate, self.aht, 300, st.agents - 1, 20), 0.8)
        self.assertEqual(st.scheduled, math.ceil(st.agents / 0.7 - 1e-9))
        self.assertEqual(predict.erlang_a_agents(0, self.aht, 300, 20, 0.8), predict.Staffing(0, 0))
        with self.assertRaises(libsla.InvalidError):
            predict.erlang_a_agents(self.rate, self.aht, 0, 20, 0.8)


class CoverageScanForecastTest(unittest.TestCase):
    def test_coverage_gap(self):
        with Calendar("Europe/Oslo", "Mo-Fr 08:00-16:00") as cal:
            g = predict.coverage_gap(cal, local("Europe/Oslo", 2025, 6, 4, 12), [1.0] * 336, 1800)
            self.assertAlmostEqual(g.closed_share, 1 - 80 / 336)
            self.assertAlmostEqual(g.closed_contacts, 336 - 80)
            self.assertEqual(list(g.open_fraction[14:18]), [0.0, 0.0, 1.0, 1.0])

    def test_scan(self):
        with Calendar("UTC", "Mo-Fr 09:00-17:00") as cal:
            now = local("UTC", 2025, 6, 2, 10)
            dl = array.array("q", [now + 600, now - 60, now + 7200, now + 30])
            r = predict.scan(cal, now, dl, target=3600, warn_at=0.75, k=2)
            self.assertEqual(list(r.remaining), [600, -60, 7200, 30])
            self.assertEqual(r.top, (3, 0))
            self.assertEqual(r.breached(), [1])
            self.assertEqual(r.warned(), [0, 1, 3])
            self.assertTrue(all(f & predict.SCAN_COUNTING for f in r.flags))
            paused = predict.scan([cal], now, dl, counting=array.array("i", [1, 1, 0, 1]),
                                  remaining=array.array("q", [0, 0, 42, 0]))
            self.assertEqual(paused.remaining[2], 42)
            self.assertEqual(paused.top, ())

    def test_forecast(self):
        now = local("UTC", 2025, 6, 2, 10)
        with predict.Roster("UTC") as ro:
            self.assertEqual(ro.add_shift("email", "Mo-Fr 09:00-17:00", 2), 0)
            self.assertEqual(len(ro), 1)
            ro.set_handle_time("email", 600, 0).set_handle_model("email", "lognormal")
            ro.add_holiday("2025-12-25")
            q = dict(channel="email", priority="normal", arrival=[now - 300] * 5,
                     deadline=[now + 900] * 5)
            with ro.forecast(now, **q) as f:
                self.assertEqual(len(f), 5)
                res = f.results()
                # two agents, 10 minutes each: replies at +10, +10, +20, +20, +30 minutes
                self.assertEqual(list(res.expected), [now + 600, now + 600, now + 1200,
                                                      now + 1200, now + 1800])
                self.assertEqual(list(res.pickup), [now, now, now + 600, now + 600, now + 1200])
                self.assertEqual(list(res.p_breach), [0, 0, 1, 1, 1])
                self.assertEqual(f.expected_breaches, 3.0)
            adv = ro.advise(now, **q)
            self.assertEqual(adv.extra, (3,))
            self.assertEqual(adv.remaining_breaches, 0)
            p = ro.promise(now, now + 900, **q)
            self.assertEqual(p.promise, now + 900)
            self.assertTrue(p.at_risk)
            # a promise the team can keep (1.1): the sixth in line is answered at
            # +30 minutes; rounded up to 5 minutes it stays +30; at risk against +15
            with ro.forecast(now, **q) as f:
                k = f.promise_for(now + 900)
                self.assertEqual((k.promise, k.p90, k.at_risk), (now + 1800, now + 1800, True))
                k = f.promise_for(None, step=0)
                self.assertEqual((k.promise, k.at_risk), (now + 1800, False))
            with self.assertRaises(libsla.ParseError):
                ro.add_shift("chat", "Mo-Fr sunrise-sunset", 1)
            f1 = ro.forecast(now, samples=50, seed=7, **q).results()
            f2 = ro.forecast(now, samples=50, seed=7, **q).results()
            self.assertEqual(f1, f2)
        with predict.Roster("UTC") as ro:
            ro.add_shift("chat", "24/7", 1)
            with self.assertRaises(libsla.StateError):
                ro.forecast(now, channel="chat", priority="low", arrival=[now], deadline=[now + 60])


if __name__ == "__main__":
    unittest.main()
