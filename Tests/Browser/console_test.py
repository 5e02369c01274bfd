"""The web console in a real browser (Debian's Chromium driven by Selenium), against the built service and the
gateway's stand-in over real HTTP: sign in, set the account and see the balance, enable an event with a
template and see its preview (an unknown keyword underlined with the suggestion), send a broadcast to typed
numbers and watch it finish, find it in the history by search, open a row, export; and the same pages at
360 px. Screenshots of each tab go to $CONSOLE_SCREENSHOTS (default .build/console-screenshots).

Prints "console: N passed, M failed" last; exit status 0 only when all pass.
"""
import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests", "PythonSupport"))
from processes import Processes  # noqa: E402

BINARY = os.environ.get("MOCEAN_NOTIFY_BIN") or os.path.join(ROOT, ".build", "debug", "mocean-notify")
SHOTS = os.environ.get("CONSOLE_SCREENSHOTS") or os.path.join(ROOT, ".build", "console-screenshots")
TOKEN = "console-test-token-0123456789"
APP_ID, APP_SECRET = "console-app", "console-app-client-secret-0123456789abcdef"


class Console:
    """One browser on the console, with the checks' bookkeeping."""

    def __init__(self, url, downloads):
        options = Options()
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,900", "--lang=en-US"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                                  "download.prompt_for_download": False})
        chromium = "/usr/bin/chromium"
        if os.path.exists(chromium):
            options.binary_location = chromium
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.url, self.downloads = url, downloads
        self.passed, self.failed = 0, 0

    def wait(self, condition, seconds=20):
        return WebDriverWait(self.driver, seconds).until(condition)

    def find(self, css, seconds=20):
        return self.wait(ready.visibility_of_element_located((By.CSS_SELECTOR, css)), seconds)

    def text_in(self, css, text, seconds=20):
        return self.wait(ready.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), seconds)

    def type(self, css, text, clear=True):
        element = self.find(css)
        if clear:
            element.send_keys(Keys.CONTROL, "a")
            element.send_keys(Keys.DELETE)
        element.send_keys(text)
        return element

    def shot(self, name):
        """The whole page, from the top: the window is made as tall as the page for the picture."""
        os.makedirs(SHOTS, exist_ok=True)
        size = self.driver.get_window_size()
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(size["width"], min(max(height, 600), 4000))
        self.driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.2)
        self.driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))
        self.driver.set_window_size(size["width"], size["height"])

    def check(self, name, step):
        try:
            step()
            self.passed += 1
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001 - every failure is reported and counted
            self.failed += 1
            print(f"FAIL {name}\n{traceback.format_exc()}")
            try:
                self.shot(f"failed-{name.replace(' ', '-')}")
            except Exception:  # noqa: BLE001
                pass

    def tab(self, name):
        self.find(f"#tab-{name}").click()
        self.wait(lambda driver: not driver.find_element(By.ID, f"panel-{name}").get_attribute("hidden"))


def http(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def main():
    if os.path.isdir(SHOTS):
        for name in os.listdir(SHOTS):
            if name.endswith(".png"):
                os.remove(os.path.join(SHOTS, name))
    work = tempfile.mkdtemp(prefix="console-test-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    token_file = os.path.join(work, "token")
    with open(token_file, "w") as out:
        out.write(TOKEN + "\n")
    processes = Processes(BINARY, work)
    console = None
    try:
        sandbox = processes.start("sandbox", ["sandbox", "--port", "0", "--api-key", "console-key", "--api-secret",
                                              "console-secret-0001"], r"listening on 127\.0\.0\.1:(\d+)")
        # A port of its own, so that the service can be killed and started again where the page finds it.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        service_arguments = ["serve", "--http", f"127.0.0.1:{port}", "--token-file", token_file,
                             "--database", os.path.join(work, "db.sqlite")]
        processes.start("service", service_arguments, r"HTTP front serving on 127\.0\.0\.1:(\d+)")

        def restart_service():
            processes.started[-1].kill()
            processes.started[-1].wait()
            processes.start("service", service_arguments, r"HTTP front serving on 127\.0\.0\.1:(\d+)")

        base = f"http://127.0.0.1:{port}"
        console = Console(base, downloads)
        run_checks(console, base, sandbox, restart_service)
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        if console is None:
            print("console: 0 passed, 1 failed")
            return 1
        console.failed += 1
    finally:
        if console is not None:
            console.driver.quit()
        processes.stop()
    print(f"console: {console.passed} passed, {console.failed} failed")
    return 0 if console.failed == 0 else 1


def run_checks(console, base, sandbox_port, restart_service):
    driver = console.driver

    def headers_are_strict():
        status, headers, _ = http(base + "/")
        policy = headers.get("Content-Security-Policy", "")
        assert status == 200 and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, headers
        status, _, body = http(base + "/rpc", data=b'{"jsonrpc":"2.0","method":"system.ping","id":1}',
                               headers={"Content-Type": "application/json", "X-Console": "1"})
        assert status == 401, (status, body)

    def signs_in():
        driver.get(base + "/")
        console.find("#sign-in-token")
        console.shot("sign-in")
        console.type("#sign-in-token", "wrong-token")
        console.find("#sign-in-form button[type=submit]").click()
        console.text_in("#sign-in-error", "not the service's token")
        console.type("#sign-in-token", TOKEN)
        console.find("#sign-in-form button[type=submit]").click()
        console.find("#tab-account")
        cookies = {cookie["name"]: cookie for cookie in driver.get_cookies()}
        session = cookies["mocean_notify_session"]
        assert session["httpOnly"] and session["sameSite"] == "Strict", session
        assert driver.execute_script("return document.cookie") == "", "the session is not readable by scripts"
        assert TOKEN not in driver.execute_script("return JSON.stringify(localStorage) + location.href")

    def sets_the_account_and_sees_the_balance():
        console.tab("account")
        console.type("#account-api-key", "console-key")
        console.type("#account-api-secret", "console-secret-0001")
        console.type("#account-sender", "MyShop")
        console.type("#account-admin-country", "MY")
        console.type("#account-customer-country", "No checking")
        console.find("#panel-account details summary").click()
        console.type("#account-gateway-url", f"http://127.0.0.1:{sandbox_port}")
        console.find("#account-save").click()
        console.text_in("#account-verdict", "accepted the credentials")
        console.text_in("#account-balance", "EUR 6.4448")
        console.text_in("#strip-balance", "EUR 6.4448")
        assert console.find("#account-admin-country").get_attribute("value") == "MY — Malaysia"
        assert "console-secret-0001" not in driver.page_source
        console.shot("account")

    def enables_an_event_and_previews_its_template():
        console.tab("admin")
        toggle = console.find("#admin-store-order-created-enabled")
        if not toggle.is_selected():
            toggle.click()
        console.find("#admin-store-order-created-editor summary").click()
        console.find("#admin-store-order-created-keywords .keyword")
        console.type("#admin-store-order-created-template", "New order {orders.idd} from {store.name}")
        console.find("#admin-store-order-created-preview mark.unknown")
        console.text_in("#admin-store-order-created-preview", "Did you mean {orders.id}?")
        console.shot("template-unknown-keyword")
        console.type("#admin-store-order-created-template", "New order ")
        driver.find_element(By.XPATH, "//div[@id='admin-store-order-created-keywords']//button[text()='{orders.id}']").click()
        console.text_in("#admin-store-order-created-preview", "SMS part")
        preview = console.find("#admin-store-order-created-preview .rendered").text
        assert preview.startswith("New order ") and "{" not in preview, preview
        console.type("#admin-numbers", "60123456789 12")
        console.text_in("#admin-numbers-checks", "sends to 60123456789")
        console.find("#admin-numbers-checks .bad")
        console.type("#admin-numbers", "60123456789")
        console.find("#admin-save").click()
        console.text_in("#admin-verdict", "Saved.")
        console.shot("admin-notifications")
        console.tab("customer")
        console.find("#customer-store-order-created-enabled")
        console.shot("customer-notifications")

    def broadcasts_to_typed_numbers_and_watches_it_finish():
        console.tab("broadcast")
        Select(console.find("#broadcast-recipients")).select_by_value("numbers")
        console.type("#broadcast-numbers", "60123000001 60123000002 60123000003 12345")
        console.type("#broadcast-message", "Flash sale today only")
        console.text_in("#broadcast-length", "1 SMS part")
        console.find("#broadcast-preview").click()
        console.text_in("#summary-recipients", "3 to send")
        console.text_in("#summary-cost", "EUR")
        send = console.find("#broadcast-send")
        console.wait(lambda _: send.is_enabled())
        send.click()
        console.text_in("#broadcast-state", "finished", seconds=60)
        console.text_in("#broadcast-counts", "3 ")
        console.shot("broadcast")

    def finds_it_in_the_history_opens_a_row_and_exports():
        console.tab("history")
        console.type("#history-search", "Flash sale")
        console.text_in("#history-showing", "Showing 1 to", seconds=30)
        def searched(_):
            found = driver.find_elements(By.CSS_SELECTOR, "#history-table tbody tr[data-id]")
            return len(found) == 4 and all("Flash sale" in row.text for row in found)
        console.wait(searched)
        time.sleep(0.5)  # the search box's last keystroke has been answered
        for attempt in range(10):  # a search answered late redraws the rows: read them again
            try:
                rows = driver.find_elements(By.CSS_SELECTOR, "#history-table tbody tr[data-id]")
                texts = [row.text for row in rows]
                sent = [row for row, text in zip(rows, texts) if "Success" in text]
                assert all("Flash sale" in text for text in texts), texts
                assert len(sent) == 3 and any("12345" in text and "Fail" in text for text in texts), texts
                sent[0].click()
                break
            except StaleElementReferenceException:
                time.sleep(0.3)
        console.text_in("#history-details", "Message id")
        console.text_in("#history-details", "Gateway status")
        console.text_in("#history-attempts", "sent")
        assert driver.switch_to.active_element.text.startswith("SMS "), "focus moves to the details"
        console.shot("history")
        console.find("#history-export").click()
        console.text_in("#history-export-notice", "Exported")
        deadline = time.time() + 20
        path = os.path.join(console.downloads, "sms-history.csv")
        while not os.path.exists(path) and time.time() < deadline:
            time.sleep(0.2)
        with open(path, newline="") as exported:
            table = list(csv.reader(io.StringIO(exported.read())))
        assert table[0][:3] == ["Event ID", "Order ID", "Event type"], table[0]
        assert sum(1 for row in table[1:] if "Flash sale" in ",".join(row)) >= 3, table
        console.find("#history-close").click()
        assert driver.switch_to.active_element.get_attribute("data-id"), "focus returns to the row"

    def sends_a_failed_sms_again_from_its_details():
        sandbox = f"http://127.0.0.1:{sandbox_port}/sandbox/faults"
        http(sandbox, data=b'{"failShare": 1, "failStatus": 6}', headers={"Content-Type": "application/json"})
        console.tab("broadcast")
        Select(console.find("#broadcast-recipients")).select_by_value("numbers")
        console.type("#broadcast-numbers", "60123000009")
        console.type("#broadcast-message", "Refused once")
        console.find("#broadcast-preview").click()
        console.text_in("#summary-recipients", "1 to send")
        send = console.find("#broadcast-send")
        console.wait(lambda _: send.is_enabled())
        send.click()
        console.text_in("#broadcast-counts", "1 failed", seconds=60)
        http(sandbox, data=b'{"failShare": 0}', headers={"Content-Type": "application/json"})
        console.tab("history")
        console.type("#history-search", "Refused once")
        console.wait(lambda _: "Fail" in console.find("#history-table tbody tr[data-id]").text)
        time.sleep(0.5)
        console.find("#history-table tbody tr[data-id]").click()
        console.find("#history-retry").click()
        console.text_in("#history-retry-notice", "Queued to be sent again")

    def the_strip_is_pushed_and_resumes_after_a_drop():
        console.tab("history")
        console.text_in("#strip-live", "Live")
        driver.execute_script(
            "window.rpcCalls = []; const original = window.fetch; window.fetch = (url, options) => {"
            " if (String(url).includes('/rpc')) window.rpcCalls.push(JSON.parse(options.body).method);"
            " return original(url, options); };")
        rpc_call("outbox.pause", {"reason": "price change at noon"})
        console.text_in("#strip-outbox", "paused by an admin: price change at noon", seconds=10)
        rpc_call("outbox.resume")
        console.text_in("#strip-outbox", "Outbox sending", seconds=10)
        time.sleep(6)
        calls = driver.execute_script("return window.rpcCalls")
        assert calls == [], f"the page asked for what the service pushes: {calls}"
        # The service dies and comes back on the same address: the page reconnects and is up to date at once.
        restart_service()
        rpc_call("outbox.pause", {"reason": "after the restart"})
        console.text_in("#strip-outbox", "after the restart", seconds=30)
        console.text_in("#strip-live", "Live")
        rpc_call("outbox.resume")
        console.text_in("#strip-outbox", "Outbox sending", seconds=10)
        # A low balance: the banner comes with the next push.
        rpc_call("account.set", {"lowBalanceAlert": {"below": 10}})
        console.text_in("#strip-low-balance", "Balance low: EUR ", seconds=10)
        console.text_in("#strip-low-balance", "below your alert at EUR 10")
        console.shot("low-balance")
        rpc_call("account.set", {"lowBalanceAlert": None})
        console.wait(lambda _: not driver.find_elements(By.ID, "strip-low-balance"), seconds=10)

    def keeps_opt_outs_with_their_reasons():
        console.tab("optouts")
        console.type("#optout-number", "60123000077")
        console.type("#optout-reason", "Replied STOP on 3 May")
        console.find("#optout-add").click()
        console.text_in("#optout-verdict", "60123000077 opted out")
        console.text_in("#optout-rows", "Replied STOP on 3 May")
        console.text_in("#optout-showing", "1 number opted out")
        console.shot("opt-outs")
        console.find("#optout-rows button[aria-label='Remove 60123000077']").click()
        console.text_in("#optout-verdict", "broadcasts reach it again")
        console.text_in("#optout-showing", "0 numbers opted out")

    def sets_the_outbox_pace_and_pauses_with_a_reason():
        console.tab("outbox")
        console.text_in("#outbox-state", "Sending")
        console.type("#outbox-rate", "12")
        console.find("#outbox-save").click()
        console.text_in("#outbox-verdict", "Saved")
        assert rpc_call("outbox.status")["settings"]["ratePerSecond"] == 12
        console.type("#outbox-pause-reason", "stock count")
        console.find("#outbox-pause").click()
        console.text_in("#outbox-state", "Paused by an admin: stock count")
        console.text_in("#strip-outbox", "stock count", seconds=10)
        console.shot("outbox")
        console.find("#outbox-resume").click()
        console.text_in("#outbox-state", "Sending")

    def works_at_360_pixels_and_by_keyboard():
        driver.set_window_size(360, 800)
        for name in ("account", "broadcast", "history", "optouts", "outbox"):
            console.tab(name)
            time.sleep(0.5)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= 360, f"{name} is {width} px wide at 360"
            console.shot(f"{name}-360px")
        driver.set_window_size(1280, 900)
        console.find("#tab-history").click()
        console.find("#tab-history").send_keys(Keys.ARROW_LEFT)
        console.wait(lambda _: driver.switch_to.active_element.get_attribute("id") == "tab-broadcast")
        console.wait(lambda _: not driver.find_element(By.ID, "panel-broadcast").get_attribute("hidden"))
        # Nothing the page did failed: no script error, no Content-Security-Policy violation.
        severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
                  and "Failed to load resource" not in entry["message"]]
        assert not severe, severe
        unlabelled = driver.execute_script(
            "return [...document.querySelectorAll('input, select, textarea')].filter(e => e.type !== 'hidden' && "
            "!e.labels.length && !e.getAttribute('aria-label')).map(e => e.id)")
        assert not unlabelled, unlabelled
        # The product speaks of itself: no text of any panel, hidden or shown, names where it came from.
        texts = driver.execute_script("return document.body.textContent")
        assert "seed" not in texts.lower(), re.findall(r".{0,60}seed.{0,60}", texts, re.IGNORECASE)

    def signs_out():
        console.find("#sign-out").click()
        console.find("#sign-in-token")
        status, _, _ = http(base + "/console/session")
        assert status == 200
        assert not any(cookie["name"] == "mocean_notify_session" and cookie["value"] for cookie in driver.get_cookies())
        driver.get(base + "/#history")
        console.find("#sign-in-token")


    def rpc_call(method, params=None):
        body = json.dumps({"jsonrpc": "2.0", "method": method, "params": params or {}, "id": 1}).encode()
        status, _, answer = http(base + "/rpc", data=body, headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
        reply = json.loads(answer)
        assert status == 200 and "result" in reply, (method, status, reply)
        return reply["result"]

    sandbox_url = f"http://127.0.0.1:{sandbox_port}"

    def history_rows():
        console.tab("history")
        console.text_in("#history-showing", "Showing", seconds=30)
        time.sleep(0.5)
        return len(driver.find_elements(By.CSS_SELECTOR, "#history-table tbody tr[data-id]"))

    def installs_two_stores_and_the_operator_picks_between_them():
        rpc_call("app.set", {"clientId": APP_ID, "clientSecret": APP_SECRET, "loginUrl": sandbox_url,
                             "apiUrl": sandbox_url})
        status, _, _ = http(sandbox_url + "/sandbox/apps", data=json.dumps(
            {"clientId": APP_ID, "clientSecret": APP_SECRET, "appUrl": base}).encode(),
            headers={"Content-Type": "application/json"})
        assert status == 200
        for store in ("alpha1", "beta2"):
            status, _, answer = http(sandbox_url + "/sandbox/apps/install", data=json.dumps({"store": store}).encode(),
                                     headers={"Content-Type": "application/json"})
            assert status == 200 and json.loads(answer)["status"] == 200, answer
        # The first store, set up by the checks above (its account, its SMS), stays the operator's; the installs get
        # stores of their own, with no SMS yet.
        driver.get(base + "/#history")
        driver.refresh()  # a new page: the picker is made when the console starts
        console.find("#store-picker")
        picker = Select(console.find("#store-picker"))
        options = [option.text for option in picker.options]
        assert len(options) == 3 and "alpha1" in options[1] and "beta2" in options[2], options
        console.wait(lambda _: history_rows() > 0)
        picker.select_by_index(2)
        console.text_in("#strip-store", "beta2")
        assert history_rows() == 0, "beta2's history is its own"
        console.shot("store-picker")
        Select(console.find("#store-picker")).select_by_index(0)
        console.wait(lambda _: history_rows() > 0)

    def opens_in_the_control_panel_for_its_store_only():
        driver.get(sandbox_url + "/sandbox/apps/panel?store=beta2")
        frame = console.find("iframe")
        driver.switch_to.frame(frame)
        try:
            console.text_in("#strip-store", "beta2")
            assert driver.find_element(By.ID, "sign-in").get_attribute("hidden") is not None
            assert driver.find_element(By.ID, "sign-out").get_attribute("hidden") is not None
            assert driver.find_element(By.ID, "store-picker-label").get_attribute("hidden") is not None
            assert history_rows() == 0, "the control panel's console shows its store only"
            console.tab("account")
            console.find("#account-api-key")
            severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
                      and "Failed to load resource" not in entry["message"]]
            assert not severe, severe
        finally:
            driver.switch_to.default_content()
        console.shot("control-panel")
        # The same page cannot be framed by another origin, and the stand-alone console still refuses frames.
        status, headers, _ = http(base + "/")
        assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", ""), headers
        driver.get(base + "/")
        console.find("#tab-account")

    for name, step in [
        ("strict headers and no anonymous rpc", headers_are_strict),
        ("signs in", signs_in),
        ("sets the account and sees the balance", sets_the_account_and_sees_the_balance),
        ("enables an event and previews its template", enables_an_event_and_previews_its_template),
        ("broadcasts to typed numbers and watches it finish", broadcasts_to_typed_numbers_and_watches_it_finish),
        ("finds it in the history, opens a row and exports", finds_it_in_the_history_opens_a_row_and_exports),
        ("sends a failed SMS again from its details", sends_a_failed_sms_again_from_its_details),
        ("the strip is pushed, and resumes after a drop", the_strip_is_pushed_and_resumes_after_a_drop),
        ("keeps opt-outs with their reasons", keeps_opt_outs_with_their_reasons),
        ("sets the outbox's pace and pauses with a reason", sets_the_outbox_pace_and_pauses_with_a_reason),
        ("works at 360 px and by keyboard", works_at_360_pixels_and_by_keyboard),
        ("installs two stores and the operator picks between them", installs_two_stores_and_the_operator_picks_between_them),
        ("opens in the control panel for its store only", opens_in_the_control_panel_for_its_store_only),
        ("signs out", signs_out),
    ]:
        console.check(name, step)


if __name__ == "__main__":
    sys.exit(main())
