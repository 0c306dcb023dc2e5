#include <QTest>

#include "models/nextstops.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

Order order(const QString &id, const QString &driver, OrderStatus status, int dueInMinutes)
{
    Order o;
    o.id = id;
    o.driverId = driver;
    o.status = status;
    o.dueAt = QDateTime(QDate(2026, 12, 6), QTime(12, 0), Qt::UTC).addSecs(dueInMinutes * 60);
    o.dropoffAt = GeoPoint { 51.53, -0.10 };
    o.pickupAt = GeoPoint { 51.54, -0.14 };
    return o;
}

} // namespace

class tst_NextStops : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pickupBeforeCollectionDropoffAfter();
    void theOrderOnBoardComesFirstThenTheEarliest();
    void ordersWithoutPlacesOrDriversDrawNoLine();
};

void tst_NextStops::pickupBeforeCollectionDropoffAfter()
{
    Order assigned = order(u"ORD-1"_s, u"DRV-1"_s, OrderStatus::Assigned, 30);
    assigned.etaAt = assigned.dueAt.addSecs(360);
    assigned.etaEstimate = true;
    const Order carried = order(u"ORD-2"_s, u"DRV-2"_s, OrderStatus::InTransit, 30);
    Order newOne = order(u"ORD-3"_s, u"DRV-3"_s, OrderStatus::New, 30);
    newOne.pickupAt.reset(); // an older server: no pickup position
    const QList<NextStop> stops = nextStops({ assigned, carried, newOne });
    QCOMPARE(stops.size(), 3);
    // Not collected yet: to the pickup, then on to the drop-off.
    QCOMPARE(stops[0].driverId, u"DRV-1"_s);
    QVERIFY(stops[0].pickup);
    QCOMPARE(stops[0].stop, (GeoPoint { 51.54, -0.14 }));
    QCOMPARE(stops[0].then, std::optional<GeoPoint>(GeoPoint { 51.53, -0.10 }));
    QCOMPARE(stops[0].etaAt, assigned.etaAt);
    QVERIFY(stops[0].etaEstimate);
    // On board: straight to the drop-off.
    QVERIFY(!stops[1].pickup);
    QCOMPARE(stops[1].stop, (GeoPoint { 51.53, -0.10 }));
    QVERIFY(!stops[1].then);
    // No pickup position known: the drop-off.
    QVERIFY(!stops[2].pickup);
    QCOMPARE(stops[2].stop, (GeoPoint { 51.53, -0.10 }));
}

void tst_NextStops::theOrderOnBoardComesFirstThenTheEarliest()
{
    const Order later = order(u"ORD-1"_s, u"DRV-1"_s, OrderStatus::Assigned, 10);
    const Order onBoard = order(u"ORD-2"_s, u"DRV-1"_s, OrderStatus::PickedUp, 90);
    QCOMPARE(nextStops({ later, onBoard }).first().orderId, u"ORD-2"_s);
    // Two to collect: the earlier ETA wins over the earlier due time.
    Order a = order(u"ORD-3"_s, u"DRV-2"_s, OrderStatus::Assigned, 10);
    Order b = order(u"ORD-4"_s, u"DRV-2"_s, OrderStatus::Assigned, 20);
    a.etaAt = a.dueAt.addSecs(3600);
    b.etaAt = b.dueAt;
    QCOMPARE(nextStops({ a, b }).first().orderId, u"ORD-4"_s);
    // Without ETAs: the earlier due time.
    a.etaAt = {};
    b.etaAt = {};
    QCOMPARE(nextStops({ b, a }).first().orderId, u"ORD-3"_s);
}

void tst_NextStops::ordersWithoutPlacesOrDriversDrawNoLine()
{
    Order nowhere = order(u"ORD-1"_s, u"DRV-1"_s, OrderStatus::InTransit, 10);
    nowhere.dropoffAt.reset();
    const Order unassigned = order(u"ORD-2"_s, {}, OrderStatus::New, 10);
    const Order done = order(u"ORD-3"_s, u"DRV-3"_s, OrderStatus::Delivered, 10);
    QVERIFY(nextStops({ nowhere, unassigned, done }).isEmpty());
    // Still to collect with a pickup but no drop-off position: the pickup, nothing after.
    Order pickupOnly = order(u"ORD-4"_s, u"DRV-4"_s, OrderStatus::Assigned, 10);
    pickupOnly.dropoffAt.reset();
    const QList<NextStop> stops = nextStops({ pickupOnly });
    QCOMPARE(stops.size(), 1);
    QVERIFY(stops.first().pickup);
    QVERIFY(!stops.first().then);
}

QTEST_GUILESS_MAIN(tst_NextStops)
#include "tst_nextstops.moc"
