#include <QTest>

#include "realtime/backoffpolicy.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

class tst_BackoffPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ceiling_data();
    void ceiling();
    void fullJitterStaysWithinCeilingAndSpreads();
    void partialJitterKeepsFloor();
};

void tst_BackoffPolicy::ceiling_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("expectedMs");
    QTest::newRow("0 treated as first") << 0 << qint64(500);
    QTest::newRow("1") << 1 << qint64(500);
    QTest::newRow("2") << 2 << qint64(1000);
    QTest::newRow("3") << 3 << qint64(2000);
    QTest::newRow("6") << 6 << qint64(16000);
    QTest::newRow("7 capped") << 7 << qint64(30000);
    QTest::newRow("1000 capped, no overflow") << 1000 << qint64(30000);
}

void tst_BackoffPolicy::ceiling()
{
    QFETCH(int, attempt);
    QFETCH(qint64, expectedMs);
    QCOMPARE(BackoffPolicy().ceiling(attempt).count(), expectedMs);
}

void tst_BackoffPolicy::fullJitterStaysWithinCeilingAndSpreads()
{
    const BackoffPolicy policy;
    QRandomGenerator rng(42);
    qint64 lo = std::numeric_limits<qint64>::max();
    qint64 hi = 0;
    for (int i = 0; i < 2000; ++i) {
        const qint64 d = policy.delayFor(4, rng).count();
        QVERIFY(d >= 0 && d <= 4000);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    // Full jitter uses the whole window, not a narrow band around the ceiling.
    QVERIFY2(
        lo < 400 && hi > 3600, qPrintable(QString::number(lo) + u".."_s + QString::number(hi)));
}

void tst_BackoffPolicy::partialJitterKeepsFloor()
{
    BackoffPolicy policy;
    policy.jitter = 0.25;
    QRandomGenerator rng(7);
    for (int i = 0; i < 500; ++i) {
        const qint64 d = policy.delayFor(3, rng).count();
        QVERIFY(d >= 1500 && d <= 2000);
    }
    policy.jitter = 0.0;
    QCOMPARE(policy.delayFor(3, rng), 2000ms);
}

QTEST_APPLESS_MAIN(tst_BackoffPolicy)
#include "tst_backoffpolicy.moc"
