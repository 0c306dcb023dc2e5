// MetricsRegistry: the exposition text parses strictly, label values are escaped, histogram
// buckets are cumulative, registration returns the same object for the same series.

#include <cmath>

#include <QTest>

#include "exposition.h"
#include "server/ops/metricsregistry.h"

using namespace Qt::StringLiterals;
using Ops::MetricsRegistry;

class tst_MetricsRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendersEveryTypeStrictly();
    void escapesLabelValuesAndHelp();
    void histogramBucketsAreCumulative();
    void sameSeriesIsTheSameObject();
    void callbacksAreReadAtScrape();
    void formatsValues_data();
    void formatsValues();
    void validatesNames();
};

void tst_MetricsRegistry::rendersEveryTypeStrictly()
{
    MetricsRegistry registry;
    registry.counter("demo_requests_total", "Requests.", { { "route", "/a" } }).increment(3);
    registry.counter("demo_requests_total", "Requests.", { { "route", "/b" } }).increment();
    registry.gauge("demo_connections", "Connections.").set(7);
    registry.histogram("demo_latency_seconds", "Latency.", { 0.1, 1 }).observe(0.05);
    const QByteArray text = registry.exposition();
    const Exposition parsed = Exposition::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error + u'\n' + QString::fromUtf8(text)));
    QCOMPARE(parsed.types.value("demo_requests_total"), "counter");
    QCOMPARE(parsed.types.value("demo_connections"), "gauge");
    QCOMPARE(parsed.types.value("demo_latency_seconds"), "histogram");
    QCOMPARE(parsed.value("demo_requests_total", { { "route", "/a" } }), 3.0);
    QCOMPARE(parsed.value("demo_requests_total", { { "route", "/b" } }), 1.0);
    QCOMPARE(parsed.value("demo_connections"), 7.0);
    QCOMPARE(parsed.value("demo_latency_seconds_count"), 1.0);
    QCOMPARE(parsed.value("demo_latency_seconds_sum"), 0.05);
    // One HELP and TYPE per family, before its samples.
    QCOMPARE(text.count("# TYPE demo_requests_total counter\n"), 1);
    QVERIFY(text.indexOf("# HELP demo_requests_total") < text.indexOf("demo_requests_total{"));
}

void tst_MetricsRegistry::escapesLabelValuesAndHelp()
{
    MetricsRegistry registry;
    const QByteArray nasty = "a\"b\\c\nd}e,f=g";
    registry.counter("demo_total", "Help with a \\ backslash\nand a newline.", { { "v", nasty } })
        .increment();
    const QByteArray text = registry.exposition();
    QVERIFY(text.contains(R"(v="a\"b\\c\nd}e,f=g")"));
    const Exposition parsed = Exposition::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.samples.size(), 1);
    QCOMPARE(parsed.samples.first().labels.value("v"), nasty);
    QCOMPARE(parsed.help.value("demo_total"), "Help with a \\ backslash\nand a newline.");
    QCOMPARE(MetricsRegistry::escapeLabelValue("x\"y"), R"(x\"y)");
}

void tst_MetricsRegistry::histogramBucketsAreCumulative()
{
    MetricsRegistry registry;
    auto &h = registry.histogram("demo_seconds", "Latency.", { 0.01, 0.1, 1 }, { { "r", "x" } });
    for (const double v : { 0.001, 0.01, 0.05, 0.5, 0.5, 5.0 })
        h.observe(v);
    const Exposition parsed = Exposition::parse(registry.exposition());
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    // le is inclusive: 0.01 falls into the 0.01 bucket.
    QCOMPARE(parsed.value("demo_seconds_bucket", { { "r", "x" }, { "le", "0.01" } }), 2.0);
    QCOMPARE(parsed.value("demo_seconds_bucket", { { "le", "0.1" } }), 3.0);
    QCOMPARE(parsed.value("demo_seconds_bucket", { { "le", "1" } }), 5.0);
    QCOMPARE(parsed.value("demo_seconds_bucket", { { "le", "+Inf" } }), 6.0);
    QCOMPARE(parsed.value("demo_seconds_count", { { "r", "x" } }), 6.0);
    QVERIFY(std::fabs(parsed.value("demo_seconds_sum") - 6.061) < 1e-9);
}

void tst_MetricsRegistry::sameSeriesIsTheSameObject()
{
    MetricsRegistry registry;
    auto &a = registry.counter("demo_total", "x", { { "k", "v" } });
    auto &b = registry.counter("demo_total", "x", { { "k", "v" } });
    auto &c = registry.counter("demo_total", "x", { { "k", "w" } });
    QCOMPARE(&a, &b);
    QVERIFY(&a != &c);
}

void tst_MetricsRegistry::callbacksAreReadAtScrape()
{
    MetricsRegistry registry;
    double value = 1;
    registry.callback(
        MetricsRegistry::Type::Gauge, "demo_value", "Value.", {}, [&value] { return value; });
    QCOMPARE(Exposition::parse(registry.exposition()).value("demo_value"), 1.0);
    value = 42.5;
    QCOMPARE(Exposition::parse(registry.exposition()).value("demo_value"), 42.5);
}

void tst_MetricsRegistry::formatsValues_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("integer") << 42.0 << QByteArray("42");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("negative") << -3.0 << QByteArray("-3");
    QTest::newRow("fraction") << 0.25 << QByteArray("0.25");
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity() << QByteArray("+Inf");
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity() << QByteArray("-Inf");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QByteArray("NaN");
}

void tst_MetricsRegistry::formatsValues()
{
    QFETCH(double, value);
    QFETCH(QByteArray, text);
    QCOMPARE(MetricsRegistry::formatValue(value), text);
}

void tst_MetricsRegistry::validatesNames()
{
    QVERIFY(MetricsRegistry::isValidName("opsboard_http_requests_total"));
    QVERIFY(MetricsRegistry::isValidName("ns:sub_metric"));
    QVERIFY(!MetricsRegistry::isValidName("ns:label", true));
    QVERIFY(!MetricsRegistry::isValidName("1abc"));
    QVERIFY(!MetricsRegistry::isValidName("a-b"));
    QVERIFY(!MetricsRegistry::isValidName(""));
}

QTEST_GUILESS_MAIN(tst_MetricsRegistry)
#include "tst_metricsregistry.moc"
