"""Shared helpers for the peer scripts: argument parsing, medians, and the RESULT / PEAK_RSS_KB lines."""
import statistics
import sys


def options(argv):
    """'--name value' pairs after the case name -> (case, dict)."""
    if len(argv) < 2:
        sys.exit("usage: <script> <case> [--name value ...]")
    pairs = argv[2:]
    if len(pairs) % 2 or any(not k.startswith("--") for k in pairs[::2]):
        sys.exit(f"expected --name value pairs; got {pairs}")
    return argv[1], {k[2:]: v for k, v in zip(pairs[::2], pairs[1::2])}


def peak_rss_kb():
    """VmHWM (peak resident set size, KiB) from /proc/self/status, as the C# side reads it."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def finish(seconds):
    """Prints the median of the timed repetitions and the peak memory."""
    if seconds is not None:
        print(f"RESULT {statistics.median(seconds)!r}")
    print(f"PEAK_RSS_KB {peak_rss_kb()}")
