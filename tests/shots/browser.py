#!/usr/bin/env python3
"""browser.py - full-page screenshots and a PDF of one HTML page in headless
Chromium, for a person to look at (tests/shots/run, make report-shots).

usage: browser.py URL PREFIX WIDTH...
       browser.py --layout URL WIDTH[:print]...
writes PREFIX-WIDTH.png for each WIDTH (CSS pixels, one device pixel each;
below 600 the page is shown as a phone shows it, with its viewport meta
tag) and PREFIX.pdf, and prints each path. The screenshot is the whole
laid-out page: a page wider than WIDTH makes a wider image, so that what
overflows on a phone is seen, not cut off.
--layout prints the page laid out WIDTH wide, on a screen or (:print) for
printing, each line after WIDTH[:print]: "page W", the width of the
document (more than WIDTH when something sticks out), then "chart DRAWN
SHOWN BOX" for each chart, the width it was drawn for (its viewBox), the
width it is shown at, and the width of its figure, in CSS pixels.
The PDF is A4.

The browser is driven over --remote-debugging-pipe (JSON messages ending
in NUL on fds 3 and 4), so that no port is opened and nothing but the
standard library is needed. Every step has a deadline: a hang fails.
"""
import base64
import json
import os
import select
import subprocess
import sys
import tempfile

TIMEOUT = 60


class Browser:
    def __init__(self, profile):
        to_child, self.w = os.pipe()
        self.r, from_child = os.pipe()

        def fds():
            # copies first: a pipe may already be fd 3 or 4, and dup2 onto
            # itself would leave it close-on-exec
            a, b = os.dup(to_child), os.dup(from_child)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=fds)
        os.close(to_child)
        os.close(from_child)
        self.buf = b""
        self.next_id = 0
        self.session = None

    def message(self):
        while b"\0" not in self.buf:
            ready, _, _ = select.select([self.r], [], [], TIMEOUT)
            if not ready:
                sys.exit("browser.py: chromium did not answer in %d s" % TIMEOUT)
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                sys.exit("browser.py: chromium closed its pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self.message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    sys.exit("browser.py: %s: %s" % (method, m["error"].get("message")))
                return m["result"]

    def wait(self, event):
        while self.message().get("method") != event:
            pass

    def open(self, url, width, mobile):
        self.call("Emulation.setDeviceMetricsOverride", width=width,
                  height=844 if mobile else 800, deviceScaleFactor=1,
                  mobile=mobile)
        self.call("Page.navigate", url=url)
        self.wait("Page.loadEventFired")

    def close(self):
        try:
            self.call("Browser.close")
        except SystemExit:
            pass
        self.proc.wait(TIMEOUT)


LAYOUT = """["page " + document.documentElement.scrollWidth].concat(
    [...document.querySelectorAll("figure.chart svg")].map(s => "chart " +
        [s.viewBox.baseVal.width, s.getBoundingClientRect().width,
         s.parentNode.clientWidth].map(Math.round).join(" "))).join("\\n")"""


def layout(b, url, spec):
    width, _, media = spec.partition(":")
    width, media = int(width), media or "screen"
    b.call("Emulation.setEmulatedMedia", media=media)
    b.open(url, width, width < 600 and media == "screen")
    r = b.call("Runtime.evaluate", expression=LAYOUT, returnByValue=True)
    for line in r["result"]["value"].split("\n"):
        print(spec, line)


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: browser.py URL PREFIX WIDTH... | --layout URL WIDTH[:print]...")
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(profile)
        target = b.call("Target.createTarget", url="about:blank")["targetId"]
        b.session = b.call("Target.attachToTarget", targetId=target,
                           flatten=True)["sessionId"]
        b.call("Page.enable")
        if sys.argv[1] == "--layout":
            for spec in sys.argv[3:]:
                layout(b, sys.argv[2], spec)
            b.close()
            return
        url, prefix, widths = sys.argv[1], sys.argv[2], [int(w) for w in sys.argv[3:]]
        for w in widths:
            b.open(url, w, w < 600)
            size = b.call("Page.getLayoutMetrics")["cssContentSize"]
            shot = b.call("Page.captureScreenshot", format="png",
                          captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size["width"],
                                "height": size["height"], "scale": 1})
            path = "%s-%d.png" % (prefix, w)
            with open(path, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            print(path)
        b.call("Emulation.clearDeviceMetricsOverride")
        b.open(url, 1280, False)
        pdf = b.call("Page.printToPDF", printBackground=True,
                     paperWidth=8.27, paperHeight=11.69)
        with open(prefix + ".pdf", "wb") as f:
            f.write(base64.b64decode(pdf["data"]))
        print(prefix + ".pdf")
        b.close()


if __name__ == "__main__":
    main()
