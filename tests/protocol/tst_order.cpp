#include <QTest>

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
