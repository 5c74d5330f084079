"""Many-at-once calls over buffers: array, memoryview, bytes, numpy."""

import array
import ctypes
import datetime as dt
import unittest

import libsla
from libsla import Calendar

from .support import UTC, local

try:
    import numpy
except ImportError:
    numpy = None

OSLO = "Europe/Oslo"


class BuffersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cal = Calendar(OSLO, "Mo-Fr 08:00-16:00")
        base = local(OSLO, 2025, 3, 24, 6, 0)  # Monday 06:00
        cls.ts = [base + i * 1234 for i in range(500)]
        cls.ds = [(i * 977) % 40000 for i in range(500)]

    @classmethod
    def tearDownClass(cls):
        cls.cal.close()

    def expect(self, name, *cols):
        f = getattr(self.cal, name)
        return [int(f(*args)) for args in zip(*cols)]

    def test_array_scalar_equivalence(self):
        t = array.array("q", self.ts)
        d = array.array("q", self.ds)
        self.assertEqual(list(self.cal.add_many(t, d)), self.expect("add", self.ts, self.ds))
        self.assertEqual(list(self.cal.sub_many(t, d)), self.expect("sub", self.ts, self.ds))
        b = array.array("q", [x + 50000 for x in self.ts])
        self.assertEqual(list(self.cal.diff_many(t, b)), self.expect("diff", self.ts, list(b)))
        self.assertEqual(list(self.cal.is_open_many(t)), self.expect("is_open", self.ts))
        self.assertEqual(list(self.cal.next_open_many(t)), self.expect("next_open", self.ts))
        self.assertEqual(list(self.cal.next_close_many(t)), self.expect("next_close", self.ts))

    def test_broadcast_scalars(self):
        t = array.array("q", self.ts)
        want = self.expect("add", self.ts, [900] * len(self.ts))
        self.assertEqual(list(self.cal.add_many(t, 900)), want)
        self.assertEqual(list(self.cal.add_many(t, dt.timedelta(minutes=15))), want)
        self.assertEqual(list(self.cal.add_many(t, "15m")), want)
        now = self.ts[-1]
        self.assertEqual(list(self.cal.diff_many(t, now)),
                         self.expect("diff", self.ts, [now] * len(self.ts)))
        self.assertEqual(list(self.cal.diff_many(t, dt.datetime.fromtimestamp(now, UTC))),
                         self.expect("diff", self.ts, [now] * len(self.ts)))

    def test_out_buffer_filled_in_place(self):
        t = array.array("q", self.ts)
        out = array.array("q", bytes(8 * len(t)))
        res = self.cal.add_many(t, 900, out=out)
        self.assertIs(res, out)
        self.assertEqual(list(out), self.expect("add", self.ts, [900] * len(self.ts)))
        # a memoryview over a bytearray, and a ctypes array, as outputs
        raw = bytearray(8 * len(t))
        res = self.cal.add_many(t, 900, out=memoryview(raw).cast("q"))
        self.assertEqual(list(memoryview(raw).cast("q")), list(out))
        carr = (ctypes.c_int64 * len(t))()
        self.cal.add_many(t, 900, out=carr)
        self.assertEqual(list(carr), list(out))
        with self.assertRaises(ValueError):
            self.cal.add_many(t, 900, out=array.array("q", [0]))
        with self.assertRaises(TypeError):
            self.cal.add_many(t, 900, out=array.array("i", [0] * len(t)))
        with self.assertRaises(TypeError):
            self.cal.add_many(t, 900, out=bytes(8 * len(t)))

    def test_input_kinds(self):
        want = self.expect("add", self.ts, [60] * len(self.ts))
        t = array.array("q", self.ts)
        self.assertEqual(list(self.cal.add_many(memoryview(t), 60)), want)
        self.assertEqual(list(self.cal.add_many(t.tobytes(), 60)), want)  # read-only
        self.assertEqual(list(self.cal.add_many(memoryview(t.tobytes()).cast("q"), 60)), want)
        self.assertEqual(list(self.cal.add_many(self.ts, 60)), want)  # a plain list
        dts = [dt.datetime.fromtimestamp(x, UTC) for x in self.ts[:5]]
        self.assertEqual(list(self.cal.add_many(dts, 60)), want[:5])
        with self.assertRaises(TypeError):
            self.cal.add_many(array.array("i", [1, 2]), 60)
        with self.assertRaises(TypeError):
            self.cal.add_many(array.array("d", [1.0]), 60)
        self.assertEqual(len(self.cal.add_many(array.array("q"), 60)), 0)

    def test_errors_and_status(self):
        t = array.array("q", [0, -5, 100, libsla.TIME_MAX])
        with self.assertRaises(libsla.RangeError) as cm:
            self.cal.is_open_many(t)
        self.assertEqual(cm.exception.index, 1)
        status = array.array("i", [7] * 4)
        out = self.cal.is_open_many(t, status=status)
        self.assertEqual(list(status), [0, -3, 0, -3])
        self.assertEqual(out[1], 0)
        d = array.array("q", [1, -1, 1, 1])
        with self.assertRaises(libsla.InvalidError) as cm:
            self.cal.add_many(array.array("q", [100] * 4), d)
        self.assertEqual(cm.exception.index, 1)
        with self.assertRaises(ValueError):
            self.cal.add_many(array.array("q", [1, 2]), array.array("q", [1]))

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy(self):
        t = numpy.array(self.ts, dtype=numpy.int64)
        out = self.cal.add_many(t, 900)
        self.assertIsInstance(out, numpy.ndarray)
        self.assertEqual(out.tolist(), self.expect("add", self.ts, [900] * len(self.ts)))
        ro = t.copy()
        ro.flags.writeable = False
        self.assertEqual(self.cal.add_many(ro, 900).tolist(), out.tolist())
        given = numpy.zeros(len(t), dtype=numpy.int64)
        self.assertIs(self.cal.add_many(t, numpy.full(len(t), 900), out=given), given)
        self.assertEqual(given.tolist(), out.tolist())
        self.assertEqual(self.cal.is_open_many(t).tolist(), self.expect("is_open", self.ts))
        with self.assertRaises(TypeError):
            self.cal.add_many(t[::2], 900)  # not contiguous


if __name__ == "__main__":
    unittest.main()
