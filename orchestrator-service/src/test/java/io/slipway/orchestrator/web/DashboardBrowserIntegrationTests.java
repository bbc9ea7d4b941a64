package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.orchestrator.support.TestTokens;
import io.slipway.testsupport.Guests;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless Chromium (the system's, through its chromedriver; skipped where
 * they are not installed): a token pasted, a host drained from the page, a creation on a slow host
 * followed live on the page through the fleet stream (its progress bar advancing, its steps
 * changing, RUNNING), its page (timeline, events, DTS), and its destruction from the page. Each
 * stage leaves a screenshot in {@code target/screenshots/}.
 */
class DashboardBrowserIntegrationTests extends IntegrationTestBase {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MARKUP = "<img src=x onerror=document.body.dataset.xss=1>";

    private ChromeDriver driver;
    private int shot;

    @AfterEach
    void quitBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void anOperatorDrainsAHostFollowsACreationLiveAndDestroysItFromThePage() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium"
                        + " chromium-driver)");
        // populating 4 GiB at 2 GiB/s of simulated time, at half speed: about 4 s
        String slow = startAgent("--sim-speed", "0.5");
        String fast = startAgent();
        awaitHostsUp(2);
        driver = browser();

        driver.get("http://127.0.0.1:" + port + "/");
        await().atMost(WAIT).until(() -> driver.findElement(By.id("token")).isDisplayed());
        screenshot("token-prompt");
        driver.findElement(By.id("token")).sendKeys(TestTokens.adminAndTenant());
        driver.findElement(By.id("token-save")).click();
        await().atMost(WAIT).until(() -> "live".equals(text("#stream-status")));
        await().atMost(WAIT).until(() -> count("#hosts tr[data-host]") == 2);
        screenshot("fleet");

        // drain the fast host from its page: the creation below must go to the slow one
        driver.get("http://127.0.0.1:" + port + "/#/hosts/" + fast);
        await().atMost(WAIT)
                .until(
                        () ->
                                count("#drain") == 1
                                        && count("#parked") == 1
                                        && count("#dead-letters") == 1);
        screenshot("host-page");
        click("#drain");
        await().atMost(WAIT).until(() -> driver.findElement(By.id("confirm")).isDisplayed());
        assertThat(text("#confirm-text")).contains("Drain host " + fast);
        screenshot("drain-confirm");
        driver.findElement(By.id("confirm-ok")).click();
        await().atMost(WAIT)
                .until(() -> api.get("/api/v1/hosts/" + fast).json().path("draining").asBoolean());
        await().atMost(WAIT).until(() -> count("#undrain") == 1);
        assertThat(text("#host-draining")).isEqualTo("draining");
        screenshot("host-drained");

        // a creation, followed on the fleet page through the stream alone
        driver.get("http://127.0.0.1:" + port + "/#/");
        await().atMost(WAIT).until(() -> "live".equals(text("#stream-status")));
        // bootargs are free text: shown in the DTS, they must stay text
        Api.Response created =
                api.postDts(
                        Guests.tinyPvh(UUID.randomUUID(), "watched", 4L << 20)
                                .replace(
                                        "console=hvc0 root=/dev/xvda1 ro",
                                        "console=hvc0 " + MARKUP));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().path("id").asString();
        String row = "#domains tr[data-domain='" + id + "']";
        List<Double> progress = new ArrayList<>();
        List<String> populateStatuses = new ArrayList<>();
        boolean[] midway = {false};
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            Object p =
                                    js(
                                            "return document.querySelector(arguments[0] + ' progress.current')?.value ?? null",
                                            row);
                            if (p instanceof Number n) {
                                progress.add(n.doubleValue());
                            }
                            Object s =
                                    js(
                                            "return document.querySelector(arguments[0] + \" [data-step='POPULATE_MEMORY']\")?.dataset.status ?? null",
                                            row);
                            if (s != null
                                    && (populateStatuses.isEmpty()
                                            || !populateStatuses
                                                    .get(populateStatuses.size() - 1)
                                                    .equals(s))) {
                                populateStatuses.add((String) s);
                            }
                            if (!midway[0]
                                    && p instanceof Number n
                                    && n.doubleValue() > 0.2
                                    && n.doubleValue() < 0.9) {
                                midway[0] = true;
                                screenshot("creation-in-progress");
                            }
                            return "RUNNING".equals(text(row + " .state"));
                        });
        screenshot("creation-running");
        assertThat(progress).as("progress bar values seen").anyMatch(v -> v > 0 && v < 1);
        double firstPartial =
                progress.stream().filter(v -> v > 0 && v < 1).findFirst().orElseThrow();
        assertThat(progress).as("the bar advanced").anyMatch(v -> v > firstPartial);
        assertThat(populateStatuses)
                .as("POPULATE_MEMORY as shown")
                .contains("STARTED")
                .endsWith("SUCCEEDED");
        assertThat(text(row + " .state")).isEqualTo("RUNNING");
        assertThat(api.get("/api/v1/domains/" + id).json().path("hostId").asString())
                .isEqualTo(slow);

        // the domain's page: timeline, full history, DTS
        click(row + " a");
        await().atMost(WAIT)
                .until(() -> count("#timeline tr[data-step]") > 3 && count("#events li") > 3);
        await().atMost(WAIT).until(() -> text("#dts").contains("/dts-v1/"));
        int events = api.get("/api/v1/domains/" + id + "/events").json().size();
        assertThat(count("#events li")).isEqualTo(events);
        assertThat(text("#timeline tr[data-step='POPULATE_MEMORY'] .status"))
                .isEqualTo("SUCCEEDED");
        assertThat(text("#dts")).contains("watched").contains(MARKUP);
        assertThat(count("#dts img")).isZero();
        assertThat(js("return document.body.dataset.xss ?? null")).isNull();
        assertThat(text("#domain-state")).isEqualTo("RUNNING");
        screenshot("domain-page");

        // destroy it from its page
        click("#destroy");
        await().atMost(WAIT).until(() -> driver.findElement(By.id("confirm")).isDisplayed());
        screenshot("destroy-confirm");
        click("#confirm-ok");
        await().atMost(WAIT)
                .until(
                        () ->
                                api.get("/api/v1/domains/" + id)
                                        .json()
                                        .path("state")
                                        .asString()
                                        .equals("DESTROYED"));
        await().atMost(WAIT).until(() -> "DESTROYED".equals(text("#domain-state")));
        assertThat(count("#events li"))
                .isEqualTo(api.get("/api/v1/domains/" + id + "/events").json().size());
        screenshot("domain-destroyed");

        List<String> violations =
                driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                        .map(LogEntry::getMessage)
                        .filter(
                                m ->
                                        m.contains("Content Security Policy")
                                                || m.contains("Uncaught"))
                        .toList();
        assertThat(violations).as("script errors and CSP violations in the page").isEmpty();
    }

    private static ChromeDriver browser() {
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                        .usingAnyFreePort()
                        .build();
        ChromeDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return d;
    }

    /**
     * A real click on the element {@code css} names, found again if the page re-rendered it between
     * finding and clicking.
     */
    private void click(String css) {
        await().atMost(WAIT)
                .ignoreException(StaleElementReferenceException.class)
                .until(
                        () -> {
                            driver.findElement(By.cssSelector(css)).click();
                            return true;
                        });
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The text of the first element matching {@code css}, or null. */
    private String text(String css) {
        Object t =
                js(
                        "const e = document.querySelector(arguments[0]); return e ? e.textContent : null",
                        css);
        return t == null ? null : t.toString().trim();
    }

    private long count(String css) {
        return ((Number) js("return document.querySelectorAll(arguments[0]).length", css))
                .longValue();
    }

    private void screenshot(String stage) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(String.format("%02d-%s.png", ++shot, stage)), png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
