package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.contracts.values.CitizenId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clerk's console in a real browser (Debian's chromium and chromium-driver, headless) against the
 * embedded local system: look a holder up, read the services, change the date, see history and statistics.
 * Screenshots go to target/screenshots. Skipped, with the reason, where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends EmbeddedLedger {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private WebDriver browser;

    /** @param profile the browser's profile, removed when the class is done */
    @BeforeAll
    void startBrowser(@TempDir Path profile) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (apt-get install chromium chromium-driver): the browser tests are skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1300,1800",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_clerk_looks_a_holder_up_reads_the_services_and_changes_the_date() throws IOException {
        CitizenId citizen = newCitizen();
        String holderId = apply(citizen, "533102", "2024-01-10", "EMPLOYMENT", "2024-08-01");
        post(holderId, "/issuance", Map.of("issuedOn", "2024-08-20"));
        post(holderId, "/endorsements", Map.of("endorsedOn", "2025-08-01"));
        for (String month : new String[]{"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"}) {
            post(holderId, "/insurance-months", Map.of("jurisdiction", "533102", "month", month, "scheme", "PENSION"));
        }
        // wait until the read model has every fact recorded above (the sixth month opens EMPLOYMENT_ASSISTANCE)
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(
                AbstractRulesEndToEndTest.service(entitlements(holderId, java.time.LocalDate.of(2026, 3, 1)),
                        "EMPLOYMENT_ASSISTANCE").path("status").asText()).isEqualTo("ENTITLED"));

        signIn();
        setDate("as-of", "2026-03-01");
        browser.findElement(By.id("citizen-id")).sendKeys(citizen.value());
        browser.findElement(By.id("search")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));

        assertThat(status("LABOUR_EMPLOYMENT")).contains("Entitled");
        assertThat(status("EMPLOYMENT_ASSISTANCE")).contains("Entitled");
        assertThat(status("HOUSING_SECURITY")).contains("Not yet");
        assertThat(browser.findElement(By.id("permit-status")).getText()).contains("Valid");
        assertThat(browser.findElement(By.id("permit-jurisdiction")).getText()).isEqualTo("瑞丽市 533102");
        assertThat(browser.findElement(By.id("permit-hukou")).getText()).contains("510104")
                .contains("assumed from the citizen ID");
        assertThat(browser.findElement(By.id("permit-due")).getText()).isEqualTo("2026-08-20");
        WebElement housing = browser.findElement(By.cssSelector("li[data-service='HOUSING_SECURITY']"));
        assertThat(housing.findElements(By.cssSelector("[role=progressbar]"))).hasSize(2);
        housing.findElement(By.tagName("summary")).click();
        assertThat(housing.getText()).contains("德政办发〔2016〕142号 十二");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verification"), "chain intact"));
        assertThat(browser.findElement(By.id("history")).getText()).contains("PermitIssued").contains("PermitEndorsed");
        screenshot("console-holder.png");

        setDate("as-of", "2024-08-19");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-code='LABOUR_EMPLOYMENT']"), "Not yet"));
        assertThat(browser.findElement(By.id("permit-status")).getText()).contains("Applied");
        screenshot("console-before-issuance.png");

        setDate("as-of", "2026-08-25");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-code='LABOUR_EMPLOYMENT']"), "Suspended"));
        assertThat(browser.findElement(By.id("endorsement-warning")).getText()).contains("Endorsement overdue");
        screenshot("console-suspended.png");

        // every read the console made is on record, with the purpose it stated and the token's subject
        List<JsonNode> byConsole = new java.util.ArrayList<>();
        ledger.client().get("/api/v1/holders/" + holderId + "/accesses?size=500").body().path("accesses")
                .forEach(access -> {
                    if (access.path("subject").asText().equals("console")) {
                        byConsole.add(access);
                    }
                });
        assertThat(byConsole).extracting(a -> a.path("resource").asText())
                .contains("holder-lookup", "entitlements", "history", "verification");
        assertThat(byConsole).extracting(a -> a.path("purpose").asText()).containsOnly("窗口服务 counter service");
        assertThat(byConsole).filteredOn(a -> a.path("resource").asText().equals("entitlements"))
                .extracting(a -> a.path("role").asText()).containsOnly("AGENCY");
    }

    @Test
    void without_a_token_the_console_says_so_and_shows_nothing() {
        browser.get(ledger.client().queryUrl() + "/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear(); document.getElementById('token').value = '';");
        browser.findElement(By.id("citizen-id")).sendKeys(newCitizen().value());
        browser.findElement(By.id("search")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Unauthenticated"));
        assertThat(browser.findElement(By.id("result")).isDisplayed()).isFalse();
    }

    @Test
    void an_unknown_citizen_is_told_plainly() {
        signIn();
        browser.findElement(By.id("citizen-id")).sendKeys(newCitizen().value());
        browser.findElement(By.id("search")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "No holder"));
    }

    @Test
    void the_statistics_page_draws_its_charts_without_any_external_script() throws IOException {
        signIn();
        browser.get(ledger.client().queryUrl() + "/#statistics");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-holders svg, #chart-holders p")));
        assertThat(browser.findElements(By.cssSelector("script[src^='http']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("link[href^='http']"))).isEmpty();
        screenshot("console-statistics.png");
    }

    /** Opens the console as the launcher's link does: the token in the address, taken out at once. */
    private void signIn() {
        String token = ledger.services().tokens().issue("console", "local-demo", Duration.ofHours(1),
                List.of("AGENCY", "AUDITOR", "STATISTICS", "POLICY_ADMIN"));
        browser.get(ledger.client().queryUrl() + "/#token=" + token);
        assertThat(browser.getCurrentUrl()).doesNotContain("token");
    }

    private String status(String code) {
        return browser.findElement(By.cssSelector("[data-code='" + code + "']")).getText();
    }

    private void setDate(String id, String value) {
        ((JavascriptExecutor) browser).executeScript(
                "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                        + "e.dispatchEvent(new Event('change'));", id, value);
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
