#include <limits>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

#include "protocol/order.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_Order : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data();
    void transitions();
    void jsonRoundTrip();
    void compactJsonIsQtsBytes();
    void rejectsBadJson_data();
    void rejectsBadJson();
};

void tst_Order::transitions_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("new→assigned") << u"new"_s << u"assigned"_s << true;
    QTest::newRow("new→delivered") << u"new"_s << u"delivered"_s << false;
    QTest::newRow("assigned→picked_up") << u"assigned"_s << u"picked_up"_s << true;
    QTest::newRow("assigned→new (unassign)") << u"assigned"_s << u"new"_s << true;
    QTest::newRow("picked_up→in_transit") << u"picked_up"_s << u"in_transit"_s << true;
    QTest::newRow("in_transit→delivered") << u"in_transit"_s << u"delivered"_s << true;
    QTest::newRow("in_transit→failed") << u"in_transit"_s << u"failed"_s << true;
    QTest::newRow("new→cancelled") << u"new"_s << u"cancelled"_s << true;
    QTest::newRow("delivered→cancelled") << u"delivered"_s << u"cancelled"_s << false;
    QTest::newRow("cancelled→new") << u"cancelled"_s << u"new"_s << false;
    QTest::newRow("same state") << u"assigned"_s << u"assigned"_s << false;
}

void tst_Order::transitions()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, allowed);
    const auto f = orderStatusFromString(from);
    const auto t = orderStatusFromString(to);
    QVERIFY(f && t);
    QCOMPARE(canTransition(*f, *t), allowed);
    QCOMPARE(toString(*f), from);
}

void tst_Order::jsonRoundTrip()
{
    Order o;
    o.id = u"ORD-00042"_s;
    o.customer = u"Bäckerei Schulz"_s;
    o.region = u"north"_s;
    o.pickup = u"Depot 1"_s;
    o.dropoff = u"Hauptstraße 5"_s;
    o.status = OrderStatus::InTransit;
    o.amountCents = 4250;
    o.dueAt = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000, Qt::UTC);
    o.updatedAt = QDateTime::fromMSecsSinceEpoch(1'799'999'000'000, Qt::UTC);
    o.version = 9;
    QString error;
    const auto back = Order::fromJson(o.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, o);
    QVERIFY(o.toJson().value("driverId"_L1).isNull()); // unassigned is an explicit null
    QVERIFY(!o.toJson().contains("lat"_L1));

    o.driverId = u"DRV-007"_s;
    o.dropoffAt = GeoPoint { 52.5201, 13.4049 };
    const auto placed = Order::fromJson(o.toJson(), &error);
    QVERIFY2(placed, qPrintable(error));
    QCOMPARE(*placed, o);
    QCOMPARE(placed->dropoffAt->lon, 13.4049);

    // A server that predates drivers and coordinates sends neither field.
    QJsonObject old = o.toJson();
    old.remove("driverId"_L1);
    old.remove("lat"_L1);
    old.remove("lon"_L1);
    const auto fromOld = Order::fromJson(old, &error);
    QVERIFY2(fromOld, qPrintable(error));
    QVERIFY(fromOld->driverId.isEmpty());
    QVERIFY(!fromOld->dropoffAt);

    // Pickup position and ETA: an ETA always says whether it is an estimate; without one
    // both are null (and a row patched with both nulls reads as "no ETA").
    QVERIFY(o.toJson().value("etaAt"_L1).isNull());
    QVERIFY(o.toJson().value("etaEstimate"_L1).isNull());
    QVERIFY(!o.toJson().contains("pickupLat"_L1));
    o.pickupAt = GeoPoint { 52.5163, 13.3777 };
    o.etaAt = QDateTime::fromMSecsSinceEpoch(1'800'000'360'000, Qt::UTC);
    o.etaEstimate = true;
    const QJsonObject timed = o.toJson();
    QCOMPARE(timed.value("etaAt"_L1).toString(), u"2027-01-15T08:06:00.000Z"_s);
    QCOMPARE(timed.value("etaEstimate"_L1).toBool(), true);
    QCOMPARE(timed.value("pickupLat"_L1).toDouble(), 52.5163);
    const auto back2 = Order::fromJson(timed, &error);
    QVERIFY2(back2, qPrintable(error));
    QCOMPARE(*back2, o);
    QJsonObject cleared = timed;
    cleared.insert("etaAt"_L1, QJsonValue(QJsonValue::Null));
    cleared.insert("etaEstimate"_L1, QJsonValue(QJsonValue::Null));
    const auto noEta = Order::fromJson(cleared, &error);
    QVERIFY2(noEta, qPrintable(error));
    QVERIFY(!noEta->hasEta());
    QVERIFY(!noEta->etaEstimate);
}

void tst_Order::compactJsonIsQtsBytes()
{
    // appendJson() writes the bytes Qt's own writer gives for toJson(), for every kind of
    // value a row can hold: nulls, escapes, non-ASCII text, odd doubles, times near the ends.
    QList<Order> orders;
    Order plain;
    plain.id = u"ORD-00001"_s;
    plain.customer = u"Acme Bakery"_s;
    plain.region = u"north"_s;
    plain.pickup = u"North Depot, 30 York Way, N7"_s;
    plain.dropoff = u"141 Upper St"_s;
    plain.dueAt = QDateTime(QDate(2026, 11, 22), QTime(18, 40), Qt::UTC);
    plain.updatedAt = QDateTime(QDate(2026, 11, 22), QTime(18, 12, 40, 207), Qt::UTC);
    plain.version = 5;
    orders.append(plain); // nulls: no driver, ETA, window, reference; no positions
    Order full = plain;
    full.driverId = u"DRV-005"_s;
    full.dropoffAt = GeoPoint { 51.5392, -0.1027 };
    full.pickupAt = GeoPoint { 51.546, -0.1238 };
    full.etaAt = QDateTime(QDate(2026, 11, 22), QTime(18, 31, 12, 480), Qt::UTC);
    full.etaEstimate = true;
    full.windowStart = full.dueAt.addSecs(-3600);
    full.contactName = u"Ann Smith"_s;
    full.contactPhone = u"+44 20 7946 0958"_s;
    full.notes = u"Ring twice"_s;
    full.externalRef = u"SHOP-1042"_s;
    full.amountCents = -1;
    full.status = OrderStatus::InTransit;
    orders.append(full);
    Order odd = full;
    odd.customer = u"Caf\u00e9 \"Zur Post\" \\ Stra\u00dfe \U0001F69A"_s;
    odd.notes = u"line 1\nline 2\ttab\r\u0001\u001f\u007f\u2028<b>&amp;</b>/"_s;
    odd.contactName = QString(QChar(0xd800)); // a lone surrogate
    odd.dropoffAt = GeoPoint { 0.0, -0.0 };
    odd.pickupAt = GeoPoint { 1e-7, 123456789.125 };
    odd.etaEstimate = false;
    odd.amountCents = std::numeric_limits<qint64>::max();
    odd.version = 0;
    // Not UTC, and a millisecond just before the next second.
    odd.dueAt = QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59, 999), QTimeZone(3600 * 5));
    odd.updatedAt = QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC);
    odd.windowStart = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    orders.append(odd);
    Order invalidTimes = plain;
    invalidTimes.dueAt = QDateTime();
    invalidTimes.updatedAt = QDateTime();
    orders.append(invalidTimes);
    for (int i = 0; i < 200; ++i) {
        Order o = full;
        o.id = u"ORD-%1"_s.arg(i, 5, 10, QLatin1Char('0'));
        o.dropoffAt = GeoPoint { 51.5 + i * 0.000137, -0.2 + i * 0.0011 };
        o.amountCents = i * 37;
        o.dueAt = o.dueAt.addMSecs(qint64(i) * 7919);
        orders.append(o);
    }
    QJsonArray array;
    for (const Order &o : std::as_const(orders)) {
        QByteArray mine;
        o.appendJson(mine);
        QCOMPARE(mine, QJsonDocument(o.toJson()).toJson(QJsonDocument::Compact));
        array.append(o.toJson());
    }
    QCOMPARE(Order::jsonArray(orders), QJsonDocument(array).toJson(QJsonDocument::Compact));
    QCOMPARE(Order::jsonArray({}), "[]"_ba);
}

void tst_Order::rejectsBadJson_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("id empty") << u"id"_s << QJsonValue(u""_s);
    QTest::newRow("status unknown") << u"status"_s << QJsonValue(u"lost"_s);
    QTest::newRow("amount fractional") << u"amountCents"_s << QJsonValue(1.5);
    QTest::newRow("amount string") << u"amountCents"_s << QJsonValue(u"12"_s);
    QTest::newRow("dueAt garbage") << u"dueAt"_s << QJsonValue(u"tomorrow"_s);
    QTest::newRow("version missing") << u"version"_s << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("driverId number") << u"driverId"_s << QJsonValue(7);
    QTest::newRow("driverId empty") << u"driverId"_s << QJsonValue(u""_s);
    QTest::newRow("lat without lon") << u"lat"_s << QJsonValue(52.5);
    QTest::newRow("lat string") << u"lat"_s << QJsonValue(u"52.5"_s);
    QTest::newRow("lat out of range") << u"lat"_s << QJsonValue(91.0);
    QTest::newRow("pickupLat without pickupLon") << u"pickupLat"_s << QJsonValue(52.5);
    QTest::newRow("etaAt garbage") << u"etaAt"_s << QJsonValue(u"soon"_s);
    QTest::newRow("etaEstimate without etaAt") << u"etaEstimate"_s << QJsonValue(true);
}

void tst_Order::rejectsBadJson()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    Order o;
    o.id = u"A"_s;
    o.customer = u"C"_s;
    o.region = u"north"_s;
    o.dueAt = o.updatedAt = QDateTime::currentDateTimeUtc();
    if (field == "lat"_L1 && !value.isString() && value.toDouble() > 90)
        o.dropoffAt = GeoPoint { 0, 0 }; // both present, one out of range
    if (field == "lat"_L1 && value.isString())
        o.dropoffAt = GeoPoint { 0, 0 };
    QJsonObject json = o.toJson();
    if (value.isUndefined())
        json.remove(field);
    else
        json.insert(field, value);
    QString error;
    QVERIFY(!Order::fromJson(json, &error));
    QVERIFY2(error.contains(field) || error.contains(u"status"_s), qPrintable(error));
}

QTEST_APPLESS_MAIN(tst_Order)
#include "tst_order.moc"
