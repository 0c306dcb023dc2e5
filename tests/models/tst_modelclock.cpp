// ModelClock: one timer, ticks counted from 1, and every() for what needs less often.

#include <QSignalSpy>
#include <QTest>

#include "models/modelclock.h"

using namespace std::chrono_literals;
using namespace Ops;

class tst_ModelClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ticksCountFromOne();
    void everyNthTick();
    void endsWithItsContext();
    void stops();
};

void tst_ModelClock::ticksCountFromOne()
{
    ModelClock clock(5ms);
    QVERIFY(clock.isActive()); // runs from construction
    QCOMPARE(clock.interval(), 5ms);
    QSignalSpy ticked(&clock, &ModelClock::ticked);
    QTRY_VERIFY(ticked.size() >= 3);
    for (qsizetype i = 0; i < ticked.size(); ++i)
        QCOMPARE(ticked.at(i).at(0).toLongLong(), qint64(i + 1));
    QCOMPARE(clock.ticks(), qint64(ticked.size()));
}

void tst_ModelClock::everyNthTick()
{
    ModelClock clock(2ms);
    QList<qint64> thirds;
    QObject context;
    clock.every(3, &context, [&] { thirds.append(clock.ticks()); });
    QTRY_VERIFY(clock.ticks() >= 10);
    clock.stop();
    QCOMPARE(thirds.size(), clock.ticks() / 3);
    for (qsizetype i = 0; i < thirds.size(); ++i)
        QCOMPARE(thirds.at(i), 3 * (i + 1));
}

void tst_ModelClock::endsWithItsContext()
{
    ModelClock clock(2ms);
    int calls = 0;
    auto context = std::make_unique<QObject>();
    clock.every(1, context.get(), [&calls] { ++calls; });
    QTRY_VERIFY(calls >= 2);
    context.reset();
    const qint64 at = clock.ticks();
    const int before = calls;
    QTRY_VERIFY(clock.ticks() >= at + 3);
    QCOMPARE(calls, before);
}

void tst_ModelClock::stops()
{
    ModelClock clock(2ms);
    QTRY_VERIFY(clock.ticks() >= 1);
    clock.stop();
    QVERIFY(!clock.isActive());
    QSignalSpy ticked(&clock, &ModelClock::ticked);
    // A second clock measures the time that passes: five of its ticks, none of the stopped one.
    ModelClock witness(2ms);
    QTRY_VERIFY(witness.ticks() >= 5);
    QCOMPARE(ticked.size(), 0);
}

QTEST_GUILESS_MAIN(tst_ModelClock)
#include "tst_modelclock.moc"
