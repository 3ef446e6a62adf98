// MetricsTest.cpp — the Prometheus rendering counts what was recorded.
#include "TestSupport.h"
#include "app/Metrics.h"

#include <thread>
#include <vector>

class MetricsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MetricsTest);
    CPPUNIT_TEST(testRequestsAreCountedByRouteAndStatus);
    CPPUNIT_TEST(testLatencyHistogramIsCumulative);
    CPPUNIT_TEST(testPluginCallsAndFailuresAreCounted);
    CPPUNIT_TEST(testLabelValuesAreEscaped);
    CPPUNIT_TEST(testConcurrentRecordingLosesNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRequestsAreCountedByRouteAndStatus() {
        rotunda::app::Metrics metrics;
        metrics.recordRequest("GET", "/api/v1/items/{id}", 200, 0.001);
        metrics.recordRequest("GET", "/api/v1/items/{id}", 200, 0.002);
        metrics.recordRequest("GET", "/api/v1/items/{id}", 404, 0.001);
        const std::string text = metrics.renderPrometheus();
        assertContains(text, "rotunda_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id}\",status=\"200\"} 2\n");
        assertContains(text, "rotunda_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id}\",status=\"404\"} 1\n");
    }

    void testLatencyHistogramIsCumulative() {
        rotunda::app::Metrics metrics;
        metrics.recordRequest("GET", "/health", 200, 0.0003);
        metrics.recordRequest("GET", "/health", 200, 0.2);
        metrics.recordRequest("GET", "/health", 200, 9.0);
        const std::string text = metrics.renderPrometheus();
        assertContains(text, "rotunda_http_request_duration_seconds_bucket{route=\"/health\",le=\"0.0005\"} 1\n");
        assertContains(text, "rotunda_http_request_duration_seconds_bucket{route=\"/health\",le=\"0.25\"} 2\n");
        assertContains(text, "rotunda_http_request_duration_seconds_bucket{route=\"/health\",le=\"5\"} 2\n");
        assertContains(text, "rotunda_http_request_duration_seconds_bucket{route=\"/health\",le=\"+Inf\"} 3\n");
        assertContains(text, "rotunda_http_request_duration_seconds_count{route=\"/health\"} 3\n");
    }

    void testPluginCallsAndFailuresAreCounted() {
        rotunda::app::Metrics metrics;
        metrics.recordPluginCall("ldap-auth", "authenticate", false);
        metrics.recordPluginCall("ldap-auth", "authenticate", true);
        const std::string text = metrics.renderPrometheus();
        assertContains(text, "rotunda_plugin_calls_total{plugin=\"ldap-auth\",operation=\"authenticate\"} 2\n");
        assertContains(text, "rotunda_plugin_failures_total{plugin=\"ldap-auth\",operation=\"authenticate\"} 1\n");
    }

    void testLabelValuesAreEscaped() {
        rotunda::app::Metrics metrics;
        metrics.recordPluginCall("we\"ird\\id", "op\nx", false);
        assertContains(metrics.renderPrometheus(),
                       "plugin=\"we\\\"ird\\\\id\",operation=\"op\\nx\"");
    }

    void testConcurrentRecordingLosesNothing() {
        rotunda::app::Metrics metrics;
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&metrics] {
                for (int i = 0; i < 1000; ++i) metrics.recordRequest("GET", "/r", 200, 0.001);
            });
        for (std::thread& thread : threads) thread.join();
        assertContains(metrics.renderPrometheus(),
                       "rotunda_http_requests_total{method=\"GET\",route=\"/r\",status=\"200\"} 8000\n");
    }

private:
    static void assertContains(const std::string& text, const std::string& expected) {
        CPPUNIT_ASSERT_MESSAGE("expected to find: " + expected + "\nin:\n" + text,
                               text.find(expected) != std::string::npos);
    }
};

ROTUNDA_TEST_SUITE(MetricsTest);
