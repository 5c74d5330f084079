"""Many threads sharing one Calendar get the single-threaded results."""

import array
import threading
import unittest

from libsla import Calendar

from .support import local


class ThreadsTest(unittest.TestCase):
    def test_shared_calendar(self):
        zone = "America/New_York"
        cal = Calendar(zone, "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00",
                       holidays=["2025-07-04", "2025-11-27", "2025-12-25"])
        base = local(zone, 2025, 1, 1)
        ts = [base + i * 7919 for i in range(2000)]
        ds = [(i * 613) % 200000 for i in range(2000)]
        want_add = [cal.add(t, d) for t, d in zip(ts, ds)]
        want_diff = [cal.diff(t, t + d * 3) for t, d in zip(ts, ds)]
        want_many = list(cal.add_many(array.array("q", ts), array.array("q", ds)))
        self.assertEqual(want_many, want_add)
        errors = []
        barrier = threading.Barrier(16)

        def work(k):
            try:
                barrier.wait()
                for _ in range(3):
                    got = [cal.add(t, d) for t, d in zip(ts, ds)]
                    if got != want_add:
                        errors.append(f"thread {k}: add differs")
                    got = [cal.diff(t, t + d * 3) for t, d in zip(ts, ds)]
                    if got != want_diff:
                        errors.append(f"thread {k}: diff differs")
                    got = list(cal.add_many(array.array("q", ts), array.array("q", ds)))
                    if got != want_add:
                        errors.append(f"thread {k}: add_many differs")
            except Exception as exc:  # report, do not hang the barrier
                errors.append(f"thread {k}: {exc!r}")

        threads = [threading.Thread(target=work, args=(k,)) for k in range(16)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        self.assertEqual(errors, [])
        cal.close()


if __name__ == "__main__":
    unittest.main()
