"""Wake-ups, crossings and rebase (1.1): the next change, every warning once,
and a rebase after a calendar change."""

import unittest

from libsla import (BREACH_PERCENT, Calendar, Change, Metric, Policy, Rebased, StateError)

TEXT = ("first_reply email * 15m calendar=biz warn=50,90\n"
        "resolution  *     * 16h calendar=biz pause=pending\n")
MON = 1742774400  # Monday 2025-03-24T00:00:00Z
H = 3600
DAY = 86400


def policy(cal, extra=None):
    p = Policy()
    if extra:
        p.add_channel(extra)
    p.add_calendar("biz", cal)
    p.parse(TEXT)
    return p


class ClocksTest(unittest.TestCase):
    def setUp(self):
        self.biz = Calendar("UTC", "Mo-Fr 09:00-17:00")
        # The Monday after becomes a holiday.
        self.biz2 = Calendar("UTC", "Mo-Fr 09:00-17:00; PH off", holidays=["2025-03-31"])
        self.pol = policy(self.biz)
        self.pol2 = policy(self.biz2)

    def test_next_change_and_crossings(self):
        t0 = MON + 9 * H
        t = self.pol.ticket(t0, "email", "normal")
        nc = t.next_change(t0)
        self.assertTrue(nc)
        self.assertEqual((nc.at, nc.metric, nc.kind, nc.percent),
                         (t0 + 450, Metric.FIRST_REPLY, Change.WARNING, 50))
        xs = t.crossings(t0, t0 + 20 * 60)
        self.assertEqual([(x.at, x.percent) for x in xs],
                         [(t0 + 450, 50), (t0 + 810, 90), (t0 + 901, BREACH_PERCENT)])
        self.assertTrue(xs[-1].breach)
        # Split anywhere: the same crossings.
        parts = t.crossings(t0, t0 + 450) + t.crossings(t0 + 450, t0 + 900) \
            + t.crossings(t0 + 900, t0 + 20 * 60)
        self.assertEqual(parts, xs)
        t.set_status(t0 + 60, "pending")
        t.reply(t0 + 120)
        self.assertFalse(t.next_change(t0 + 120))
        self.assertIsNone(t.next_change(t0 + 120).at)

    def test_rebase(self):
        t0 = MON + 4 * DAY + 16 * H + 55 * 60  # Friday 16:55
        t = self.pol.ticket(t0, "email", "normal")
        self.assertEqual(t.rebase(self.pol, t0), Rebased.NOTHING)
        data = t.save()
        changed = t.rebase(self.pol2, t0 + 60)
        self.assertEqual(changed, Rebased.DEADLINE | Rebased.NEXT)
        self.assertIs(t.policy, self.pol2)
        tue = MON + 8 * DAY
        self.assertEqual(t.status(t0 + 60).first_reply.deadline, tue + 9 * H + 600)
        self.assertEqual(t.rebase(self.pol2, t0 + 60), Rebased.NOTHING)
        t2, changed2 = type(t).rebase_saved(self.pol, data, self.pol2, t0 + 60)
        self.assertEqual(changed2, changed)
        self.assertEqual(t2.next_change(t0 + 60), t.next_change(t0 + 60))
        # Another channel list does not fit; nothing changes.
        with self.assertRaises(StateError) as cm:
            t2.rebase(policy(self.biz, "whatsapp"), t0 + 60)
        self.assertIn("channel", str(cm.exception))
        self.assertIs(t2.policy, self.pol2)


if __name__ == "__main__":
    unittest.main()
