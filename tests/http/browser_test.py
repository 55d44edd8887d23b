#!/usr/bin/python3
"""The example shop in a real browser: headless Chromium driven by Selenium.

browser_test.py <example_web_service binary> <artifact dir>

Starts its own redis-server and web service on free loopback ports, logs in through the form,
sees the cart survive navigation, checks the session cookie's HttpOnly and SameSite flags as the
browser stored them, logs out, runs into the login rate limit and sees the 429 page, and saves a
screenshot of it into the artifact dir. Every wait is explicit and finite; every process it
starts is stopped on every way out. Exits 77 (skipped) when Selenium or Chromium is missing.
"""
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
WAIT = 15  # seconds for any single page or process to be ready

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("skipped: python3-selenium is not installed")
    sys.exit(SKIP)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_redis(port, deadline):
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not answer PING")


def read_url(proc, deadline):
    """The URL the service prints once it listens."""
    line = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 1024)
            if not chunk:
                break
            line += chunk
            if b"\n" in line:
                first = line.split(b"\n", 1)[0].decode()
                return first[first.index("http://"):].strip()
        if proc.poll() is not None:
            break
    raise RuntimeError("the web service did not start: %r" % line)


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        print("skipped: chromium or chromium-driver is not installed")
        sys.exit(SKIP)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1000,700"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(WAIT)
    return driver


def text_of(driver, element_id):
    return WebDriverWait(driver, WAIT).until(
        ec.presence_of_element_located((By.ID, element_id))).text


def submit_login(driver, base, user, password):
    driver.get(base + "login")
    WebDriverWait(driver, WAIT).until(ec.presence_of_element_located((By.ID, "user")))
    driver.find_element(By.ID, "user").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    button = driver.find_element(By.ID, "login")
    button.click()
    WebDriverWait(driver, WAIT).until(ec.staleness_of(button))  # the answer page has loaded


def scenario(driver, base, artifacts):
    submit_login(driver, base, "alice", "secret")
    WebDriverWait(driver, WAIT).until(ec.url_to_be(base + "cart"))
    check(text_of(driver, "title") == "Cart of alice", "login did not reach alice's cart")

    driver.get(base + "products/2")
    driver.find_element(By.ID, "add").click()
    WebDriverWait(driver, WAIT).until(ec.url_to_be(base + "cart"))
    check("Teapot" in text_of(driver, "cart"), "the teapot is not in the cart")
    for page in ("", "products/3", "leaderboard"):  # navigate away and come back
        driver.get(base + page)
        text_of(driver, "title")
    driver.get(base + "cart")
    check("Teapot × 1" in text_of(driver, "cart"), "the cart did not survive navigation")
    driver.get(base + "leaderboard")
    check("Teapot" in text_of(driver, "leaderboard"), "the leaderboard does not count the teapot")

    cookies = {c["name"]: c for c in driver.get_cookies()}
    check("sessionid" in cookies, "no session cookie: %r" % cookies)
    session = cookies["sessionid"]
    check(session.get("httpOnly") is True, "the session cookie is not HttpOnly: %r" % session)
    check(session.get("sameSite") == "Lax", "the session cookie is not SameSite=Lax: %r" % session)

    driver.get(base + "login")
    driver.find_element(By.ID, "logout").click()
    WebDriverWait(driver, WAIT).until(ec.url_to_be(base + "login"))
    check(text_of(driver, "state") == "Not logged in.", "still logged in after logout")
    check(all(c["name"] != "sessionid" for c in driver.get_cookies()),
          "the session cookie survived logout")
    driver.get(base + "cart")
    check(text_of(driver, "title") == "Cart of guest", "the cart survived logout")

    # Five logins a minute per address; one was used above.
    for attempt in range(10):
        submit_login(driver, base, "mallory", "guess%d" % attempt)
        title = text_of(driver, "title")
        if title == "Too many login attempts":
            break
        check(text_of(driver, "error").startswith("Wrong"), "a bad login was not refused")
    check(attempt == 4, "the 429 page came after %d bad logins, not 4" % attempt)
    check("Please wait" in text_of(driver, "limited"), "the 429 page does not say how long")
    path = os.path.join(artifacts, "web_service_429.png")
    check(driver.save_screenshot(path), "no screenshot saved")
    print("screenshot:", path)


def main():
    service_binary, artifacts = sys.argv[1], sys.argv[2]
    os.makedirs(artifacts, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="rediscache-browser-")
    redis = service = driver = None
    try:
        port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", workdir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + WAIT
        wait_for_redis(port, deadline)
        service = subprocess.Popen(
            [service_binary, "redis://127.0.0.1:%d/0" % port, "0"],
            stdout=subprocess.PIPE, stderr=None)
        base = read_url(service, deadline)
        driver = browser()
        scenario(driver, base, artifacts)
        print("browser test passed against", base)
        return 0
    finally:
        if driver is not None:
            driver.quit()
        stop(service)
        stop(redis)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
