"""What the headless page checks share: named pass/fail lines, the console's errors, the summary."""
import sys


class PageChecks:
    """Collects named checks of one page and prints them as `ok  NAME` / `FAIL NAME` lines."""

    def __init__(self, dom_path, console_path):
        self.dom = open(dom_path).read()
        self.console = open(console_path).read()
        self.results = []

    def check(self, name, ok, detail=""):
        self.results.append(bool(ok))
        print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}")

    def check_console(self):
        """Fails on any uncaught exception or console error the page logged."""
        errors = [line for line in self.console.splitlines()
                  if "CONSOLE" in line and ("Uncaught" in line or "ERROR" in line.split("CONSOLE")[0])]
        self.check("no console errors", not errors, "\n".join(errors[:5]))

    def finish(self, title):
        """Prints the summary line and exits 0 only when every check passed."""
        passed = sum(self.results)
        print(f"{title}: {passed} passed, {len(self.results) - passed} failed")
        sys.exit(0 if all(self.results) else 1)
