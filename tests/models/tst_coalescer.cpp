// Coalescer: a throttle runs once per interval under a steady stream; a debounce waits for the
// stream to pause. Streams are timers on the same event loop, so a stalled loop delays both.

#include <QTest>
#include <QTimer>

#include "models/coalescer.h"

using namespace std::chrono_literals;
using namespace Ops;

class tst_Coalescer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstRunsOnce_data();
    void burstRunsOnce();
    void throttleCannotBePostponed();
    void debounceWaitsForAPause();
};

void tst_Coalescer::burstRunsOnce_data()
{
    QTest::addColumn<Coalescer::Mode>("mode");
    QTest::newRow("throttle") << Coalescer::Mode::Throttle;
    QTest::newRow("debounce") << Coalescer::Mode::Debounce;
}

void tst_Coalescer::burstRunsOnce()
{
    QFETCH(Coalescer::Mode, mode);
    int runs = 0;
    Coalescer coalescer(mode, 20ms, [&runs] { ++runs; });
    QVERIFY(!coalescer.isPending());
    for (int i = 0; i < 10; ++i)
        coalescer.trigger();
    QVERIFY(coalescer.isPending());
    QCOMPARE(runs, 0); // never at once
    QTRY_COMPARE(runs, 1);
    QVERIFY(!coalescer.isPending()); // and nothing more to come
}

void tst_Coalescer::throttleCannotBePostponed()
{
    int runs = 0;
    Coalescer coalescer(Coalescer::Mode::Throttle, 30ms, [&runs] { ++runs; });
    QTimer stream;
    stream.setInterval(2ms);
    connect(&stream, &QTimer::timeout, &coalescer, &Coalescer::trigger);
    stream.start();
    QTRY_VERIFY(runs >= 3); // it keeps running while the changes keep coming
    stream.stop();
    QTRY_VERIFY(!coalescer.isPending());
}

void tst_Coalescer::debounceWaitsForAPause()
{
    int runs = 0;
    Coalescer coalescer(Coalescer::Mode::Debounce, 40ms, [&runs] { ++runs; });
    int changes = 0;
    QTimer stream;
    stream.setInterval(2ms);
    connect(&stream, &QTimer::timeout, &coalescer, [&] {
        ++changes;
        coalescer.trigger();
    });
    stream.start();
    // Far longer than the interval in all, but never a pause as long as it.
    QTRY_VERIFY(changes >= 60);
    QCOMPARE(runs, 0);
    stream.stop();
    QTRY_COMPARE(runs, 1);
    QVERIFY(!coalescer.isPending());
}

QTEST_GUILESS_MAIN(tst_Coalescer)
#include "tst_coalescer.moc"
