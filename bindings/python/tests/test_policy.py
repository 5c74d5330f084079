"""Policies and ticket clocks."""

import dataclasses
import datetime as dt
import unittest

import libsla
from libsla import Calendar, ClockState, Metric, Policy, Priority, Status

from .support import UTC, local

OSLO = "Europe/Oslo"


class PolicyTest(unittest.TestCase):
    def setUp(self):
        self.biz = Calendar(OSLO, "Mo-Fr 08:00-16:00")

    def test_default_policy(self):
        pol = Policy.default(self.biz)
        self.assertGreaterEqual(len(pol), 5)
        self.assertEqual(pol.channels[:6], ["email", "chat", "phone", "social", "messaging", "web"])
        target, cal = pol.lookup("first_reply", "email", "normal")
        self.assertEqual(target, 900)
        self.assertIs(cal, self.biz)
        self.assertEqual(pol.lookup(Metric.FIRST_REPLY, "chat", Priority.URGENT), (30, None))
        self.assertEqual(pol.lookup("first_reply", "phone", "low")[0], 20)
        self.assertEqual(pol.lookup("first_reply", "social", "low")[0], 3600)
        self.assertIsNone(pol.lookup("agent_work", "email", "low")[0])

    def test_ticket_first_reply(self):
        pol = Policy.default(self.biz)
        created = local(OSLO, 2025, 6, 2, 15, 55)  # Monday, 5 minutes before closing
        t = pol.ticket(created, "email", "normal")
        now = local(OSLO, 2025, 6, 3, 8, 0)
        r = t.status(now)
        fr = r.first_reply
        self.assertIs(r["first_reply"], fr)
        self.assertIs(r[Metric.FIRST_REPLY], fr)
        self.assertEqual(len(r), 8)
        self.assertEqual(fr.state, ClockState.RUNNING)
        self.assertEqual(fr.target, 900)
        self.assertEqual(fr.elapsed, 300)
        self.assertEqual(fr.remaining, 600)
        self.assertEqual(fr.deadline, local(OSLO, 2025, 6, 3, 8, 10))
        self.assertEqual(fr.elapsed_wall, now - created)
        self.assertEqual(fr.started_at, created)
        self.assertIsNone(fr.fulfilled_at)
        self.assertEqual([w.percent for w in fr.warnings], [50, 75, 90])
        self.assertEqual(fr.warnings[0].at, local(OSLO, 2025, 6, 3, 8, 2, 30))
        with self.assertRaises(dataclasses.FrozenInstanceError):
            fr.state = ClockState.PAUSED
        # reply late: breached at the deadline
        t.reply(local(OSLO, 2025, 6, 3, 8, 20))
        r = t.status(dt.datetime.fromtimestamp(local(OSLO, 2025, 6, 3, 9, 0), UTC))
        fr = r.first_reply
        self.assertEqual(fr.state, ClockState.BREACHED)
        self.assertTrue(fr.breached)
        self.assertEqual(fr.breached_at, dt.datetime.fromtimestamp(local(OSLO, 2025, 6, 3, 8, 10), UTC))
        self.assertEqual(fr.elapsed, dt.timedelta(minutes=25))
        info = t.info()
        self.assertEqual((info.status, info.priority, info.channel_name), (Status.NEW, Priority.NORMAL, "email"))
        self.assertEqual(info.created, created)
        # timeline: 5 min counted, out of hours overnight, 20 min counted
        segs = t.timeline(local(OSLO, 2025, 6, 3, 9, 0), "first_reply")
        self.assertEqual(segs[0].start, created)
        self.assertEqual(segs[0].end, local(OSLO, 2025, 6, 2, 16, 0))
        self.assertEqual(segs[0].kind, libsla.Segment.COUNTED)
        self.assertEqual(segs[1].kind, libsla.Segment.OUT_OF_HOURS)
        # save / restore
        data = t.save()
        self.assertIsInstance(data, bytes)
        t2 = pol.restore(data)
        self.assertEqual(t2.status(local(OSLO, 2025, 6, 4)), t.status(local(OSLO, 2025, 6, 4)))
        with self.assertRaises(libsla.ParseError):
            pol.restore(data[:5])
        t.close(), t2.close(), pol.close()

    def test_events_and_errors(self):
        pol = Policy("first_reply * * 1h\nresolution * * 8h\nrequester_wait * * 8h")
        self.assertEqual(len(pol), 3)
        t0 = local("UTC", 2025, 6, 2, 10)
        t = pol.ticket(t0, "chat", "high")
        t.note(t0 + 60).customer_message(t0 + 120).reply(t0 + 600)
        t.set_status(t0 + 700, "pending").set_priority(t0 + 800, "urgent")
        t.set_channel(t0 + 900, "email")
        t.apply(t0 + 1000, libsla.Event.STATUS, Status.OPEN)
        r = t.status(t0 + 3600)
        self.assertEqual(r.first_reply.state, ClockState.ACHIEVED)
        self.assertEqual(r.first_reply.fulfilled_at, t0 + 600)
        self.assertEqual(r.requester_wait.elapsed, 3600 - 300)  # paused 700..1000
        self.assertEqual(t.info().priority, Priority.URGENT)
        with self.assertRaises(libsla.OrderError) as cm:
            t.reply(t0)
        self.assertEqual(cm.exception.name, "order")
        t.set_status(t0 + 4000, "closed")
        with self.assertRaises(libsla.ClosedError):
            t.reply(t0 + 5000)
        with self.assertRaises(libsla.OrderError):
            t.status(t0)
        with self.assertRaises(libsla.ParseError) as cm:
            pol.parse("first_reply email sometimes 15m")
        self.assertEqual((cm.exception.line, cm.exception.construct), (1, "priority"))
        self.assertEqual(len(pol), 3)  # all or nothing

    def test_targets_channels_names(self):
        pol = Policy(calendars={"biz": self.biz})
        self.assertEqual(pol.add_channel("whatsapp"), libsla.Channel.USER)
        self.assertEqual(pol.channel("whatsapp"), 6)
        self.assertEqual(pol.channel_name(6), "whatsapp")
        self.assertIsNone(pol.channel_name(200))
        with self.assertRaises(libsla.InvalidError):
            pol.channel("fax")
        pol.add_target("first_reply", "15m", channel="whatsapp", calendar=self.biz,
                       pause=["pending"], warn=[50, 90])
        pol.add_target(Metric.FIRST_REPLY, dt.timedelta(hours=1))
        pol.parse("next_reply email * 2h calendar=biz")
        self.assertEqual(pol.lookup("first_reply", "whatsapp", "low"), (900, self.biz))
        self.assertEqual(pol.lookup("first_reply", "email", "low"), (3600, None))
        self.assertEqual(pol.lookup("next_reply", "email", "low"), (7200, self.biz))
        with self.assertRaises(libsla.InvalidError):
            pol.add_target("first_reply", 60, warn=[90, 50])
        self.assertEqual(libsla.policy.metric_name(7), "agent_work")
        self.assertEqual(libsla.policy.ticket_status_name(3), "on_hold")
        self.assertEqual(libsla.policy.priority_name(3), "urgent")
        self.assertEqual(libsla.policy.clock_state_name(4), "breached")
        self.assertIsNone(libsla.policy.metric_name(99))
        self.assertEqual(libsla.policy.name_lookup("status", "pending"), 2)
        with self.assertRaises(libsla.InvalidError):
            libsla.policy.name_lookup("metric", "nope")

    def test_lifetimes(self):
        pol = Policy.default(self.biz)
        t = pol.ticket(local(OSLO, 2025, 6, 2, 9))
        with self.assertRaises(libsla.StateError):
            self.biz.close()  # the policy still borrows it
        with self.assertRaises(libsla.StateError):
            pol.close()  # a ticket still borrows it
        t.close()
        pol.close()
        self.biz.close()
        with self.assertRaises(libsla.StateError):
            t.status(0)


if __name__ == "__main__":
    unittest.main()
