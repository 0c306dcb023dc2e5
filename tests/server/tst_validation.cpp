// The order bodies' parsers: parseOrderCreate() and parseOrderPatch() name the field they refuse
// and why, accept what the wire contract allows, and read nulls as "remove".

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "server/domain/orderservice.h"
#include "server/domain/validation.h"

using namespace Qt::StringLiterals;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);

QJsonObject validCreate()
{
    return QJsonObject { { "customer"_L1, u"  Acme Bakery "_s }, { "region"_L1, u"north"_s },
        { "pickup"_L1, u"Depot"_s }, { "dropoff"_L1, u"1 High St"_s },
        { "dueAt"_L1, u"2026-11-22T18:40:00+01:00"_s }, { "amountCents"_L1, 2482 } };
}

QByteArray bytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_Validation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createTakesTheContract();
    void createRefuses_data();
    void createRefuses();
    void patchReadsEditsAndRemovals();
    void patchRefuses_data();
    void patchRefuses();
};

void tst_Validation::createTakesTheContract()
{
    Ops::Order o;
    QString field;
    QJsonObject body = validCreate();
    const Ops::Error e = Ops::parseOrderCreate(bytes(body), kNow, &o, &field);
    QVERIFY2(e.ok(), qPrintable(e.message));
    QCOMPARE(o.customer, u"Acme Bakery"_s); // trimmed
    QCOMPARE(o.dueAt, QDateTime(QDate(2026, 11, 22), QTime(17, 40), Qt::UTC));
    QVERIFY(o.status == Ops::OrderStatus::New);
    QVERIFY(o.id.isEmpty() && o.driverId.isEmpty() && !o.dropoffAt && !o.windowStart.isValid());
    body.insert("windowStart"_L1, u"2026-11-22T15:00:00Z"_s);
    body.insert("lat"_L1, 51.5);
    body.insert("lon"_L1, -0.12);
    body.insert("pickupLat"_L1, QJsonValue::Null); // null: the same as left out
    body.insert("pickupLon"_L1, QJsonValue::Null);
    body.insert("notes"_L1, u"line 1\nline 2\ttab"_s);
    body.insert("externalRef"_L1, u"SHOP-1"_s);
    QVERIFY(Ops::parseOrderCreate(bytes(body), kNow, &o, &field).ok());
    QCOMPARE(o.dropoffAt->lon, -0.12);
    QVERIFY(!o.pickupAt);
    QCOMPARE(o.notes, u"line 1\nline 2\ttab"_s);
    QCOMPARE(o.externalRef, u"SHOP-1"_s);
}

void tst_Validation::createRefuses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("says");
    const auto with = [](const char *key, const QJsonValue &value) {
        QJsonObject o = validCreate();
        if (value.isUndefined())
            o.remove(QLatin1StringView(key));
        else
            o.insert(QLatin1StringView(key), value);
        return bytes(o);
    };
    QTest::newRow("malformed") << QByteArray("{\"customer\":") << QString() << u"malformed"_s;
    QTest::newRow("not an object") << QByteArray("[1]") << QString() << u"object"_s;
    QTest::newRow("unknown field")
        << with("colour", u"red"_s) << QString() << u"unknown field 'colour'"_s;
    QTest::newRow("too large") << QByteArray(70 * 1024, ' ') << QString() << u"larger"_s;
    QTest::newRow("customer missing")
        << with("customer", QJsonValue::Undefined) << u"customer"_s << u"is required"_s;
    QTest::newRow("customer null")
        << with("customer", QJsonValue::Null) << u"customer"_s << u"is required"_s;
    QTest::newRow("customer control")
        << with("customer", u"A\aB"_s) << u"customer"_s << u"control"_s;
    QTest::newRow("region upper case") << with("region", u"North"_s) << u"region"_s << u"a-z"_s;
    QTest::newRow("dueAt local") << with("dueAt", u"2026-11-22T18:40:00"_s) << u"dueAt"_s
                                 << u"zone"_s;
    QTest::newRow("dueAt date only") << with("dueAt", u"2026-11-22"_s) << u"dueAt"_s << u"zone"_s;
    QTest::newRow("dueAt too far")
        << with("dueAt", u"2028-01-01T00:00:00Z"_s) << u"dueAt"_s << u"366 days"_s;
    QTest::newRow("window after due")
        << with("windowStart", u"2026-11-22T19:00:00Z"_s) << u"windowStart"_s << u"before dueAt"_s;
    QTest::newRow("window too long")
        << with("windowStart", u"2026-11-10T00:00:00Z"_s) << u"windowStart"_s << u"7 days"_s;
    QTest::newRow("amount too large")
        << with("amountCents", 100'000'001.0) << u"amountCents"_s << u"0 to 100000000"_s;
    QTest::newRow("amount huge") << with("amountCents", 1e300) << u"amountCents"_s
                                 << u"whole number"_s;
    QTest::newRow("lat alone") << with("lat", 51.0) << u"lon"_s << u"is required with 'lat'"_s;
    QTest::newRow("phone two digits")
        << with("contactPhone", u"+4 4"_s) << u"contactPhone"_s << u"three digits"_s;
    QTest::newRow("ref with a line break")
        << with("externalRef", u"A\nB"_s) << u"externalRef"_s << u"line breaks"_s;
}

void tst_Validation::createRefuses()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QFETCH(QString, says);
    Ops::Order o;
    QString named;
    const Ops::Error e = Ops::parseOrderCreate(body, kNow, &o, &named);
    QVERIFY(!e.ok());
    QVERIFY2(e.message.contains(says), qPrintable(e.message));
    QCOMPARE(named, field);
    if (!field.isEmpty())
        QVERIFY(e.message.startsWith(u"'%1' "_s.arg(field)));
}

void tst_Validation::patchReadsEditsAndRemovals()
{
    Ops::OrderChange change;
    QVERIFY(Ops::parseOrderPatch(R"({"notes":"x","lat":null,"lon":null,"windowStart":null,
        "amountCents":0,"reason":"  typo  "})",
        &change)
                .ok());
    QVERIFY(!change.status && !change.driverId);
    QCOMPARE(*change.edit.notes, u"x"_s);
    QVERIFY(change.edit.dropoffAt && !*change.edit.dropoffAt); // set, to none
    QVERIFY(change.edit.windowStart && !change.edit.windowStart->isValid());
    QCOMPARE(*change.edit.amountCents, 0);
    QVERIFY(!change.edit.pickupAt);
    QCOMPARE(change.reason, u"typo"_s);
    Ops::Order order;
    order.dropoffAt = Ops::GeoPoint { 1, 2 };
    order.notes = u"old"_s;
    change.edit.applyTo(order);
    QVERIFY(!order.dropoffAt);
    QCOMPARE(order.notes, u"x"_s);
    QVERIFY(Ops::parseOrderPatch(R"({"status":"cancelled","reason":"gone"})", &change).ok());
    QVERIFY(*change.status == Ops::OrderStatus::Cancelled);
    QVERIFY(change.edit.isEmpty());
}

void tst_Validation::patchRefuses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("only a reason") << QByteArray(R"({"reason":"why not"})") << QString();
    QTest::newRow("empty reason") << QByteArray(R"({"status":"failed","reason":""})")
                                  << u"reason"_s;
    QTest::newRow("long reason") << QByteArray(
        R"({"status":"failed","reason":")" + QByteArray(501, 'r') + "\"}")
                                 << u"reason"_s;
    QTest::newRow("customer") << QByteArray(R"({"customer":"x"})") << QString();
    QTest::newRow("pickup blank") << QByteArray(R"({"pickup":" "})") << u"pickup"_s;
    QTest::newRow("lat null alone") << QByteArray(R"({"lat":null})") << u"lon"_s;
    QTest::newRow("lat null, lon a number") << QByteArray(R"({"lat":null,"lon":3})") << u"lat"_s;
    QTest::newRow("dueAt null") << QByteArray(R"({"dueAt":null})") << u"dueAt"_s;
    QTest::newRow("status unknown") << QByteArray(R"({"status":"lost"})") << u"status"_s;
    QTest::newRow("driverId empty") << QByteArray(R"({"driverId":""})") << u"driverId"_s;
}

void tst_Validation::patchRefuses()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    Ops::OrderChange change;
    QString named;
    const Ops::Error e = Ops::parseOrderPatch(body, &change, &named);
    QCOMPARE(e.kind, Ops::ErrorKind::BadRequest);
    QVERIFY(!e.message.isEmpty());
    QCOMPARE(named, field);
}

QTEST_APPLESS_MAIN(tst_Validation)
#include "tst_validation.moc"
