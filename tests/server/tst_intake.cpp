// Getting orders in and putting them right, against the real opsboard-server process: POST
// /api/orders (validation naming the field, regions and roles, Idempotency-Key, externalRef,
// the event carrying the whole row), PATCH of the editable fields with per-field history, reasons
// for cancelling and failing, managers' corrections of final states, and bulk reassignment.

#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

#include "exposition.h"
#include "frameclient.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;

namespace {

QString inHours(int hours)
{
    return QDateTime::currentDateTimeUtc().addSecs(qint64(hours) * 3600).toString(Qt::ISODate);
}

//! A valid create body with every field; \a ref makes it unique.
QJsonObject fullOrder(const QString &ref, const QString &region = u"north"_s)
{
    return QJsonObject {
        { "customer"_L1, u"Acme Bakery"_s },
        { "contactName"_L1, u"Jo Baker"_s },
        { "contactPhone"_L1, u"+44 20 7946 0000"_s },
        { "pickup"_L1, u"North Depot, 12 Ridge Rd"_s },
        { "pickupLat"_L1, 51.548 },
        { "pickupLon"_L1, -0.128 },
        { "dropoff"_L1, u"141 Market Sq"_s },
        { "lat"_L1, 51.5512 },
        { "lon"_L1, -0.1318 },
        { "windowStart"_L1, inHours(2) },
        { "dueAt"_L1, inHours(4) },
        { "region"_L1, region },
        { "amountCents"_L1, 2482 },
        { "notes"_L1, u"Ring twice.\nBack door."_s },
        { "externalRef"_L1, ref },
    };
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

qint64 seqOf(const HttpResult &r)
{
    return r.headers.value("opsboard-position").split(':').value(1).toLongLong();
}

} // namespace

class tst_Intake : public QObject
{
    Q_OBJECT

private:
    HttpResult request(const QByteArray &verb, const QString &path, const QString &token,
        const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    QByteArray position();
    //! The first order in \a status (within \a regions when given).
    QJsonObject orderIn(const QString &status, const QStringList &regions = {});
    QList<QJsonObject> history(const QString &id);
    //! The event with \a seq the watcher received (empty until it did).
    QJsonObject eventWithSeq(qint64 seq) const;
    double metric(const QByteArray &name, const QMap<QByteArray, QByteArray> &labels);
    //! Takes an open order to delivered through the lifecycle, as a dispatcher; its row.
    QJsonObject deliveredOrder();

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FrameClient> m_watcher;
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void createAnswers201WithTheWholeRowInItsEvent();
    void createNamesTheFieldItRefuses_data();
    void createNamesTheFieldItRefuses();
    void createFollowsRegionsAndRoles();
    void idempotencyKeyGivesTheFirstAnswerAgain();
    void externalRefFindsTheOrderInsteadOfADuplicate();
    void editRecordsEachFieldWithOldNewAndWho();
    void editKeepsIfMatchAndTheRules();
    void cancelAndFailNeedAReason();
    void managersCorrectFinalStatesWithAReason();
    void bulkAssignMovesADriversOrders();
    void refusedBodiesAreCounted();
};

HttpResult tst_Intake::request(const QByteArray &verb, const QString &path, const QString &token,
    const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return sendHttp(m_nam, verb, QUrl(m_server->baseUrl().toString() + path), token, body, headers);
}

QByteArray tst_Intake::position()
{
    return request("GET", u"/api/orders?limit=0"_s, u"demo-manager"_s)
        .headers.value("opsboard-position");
}

QJsonObject tst_Intake::orderIn(const QString &status, const QStringList &regions)
{
    const HttpResult list =
        request("GET", u"/api/orders?status=%1"_s.arg(status), u"demo-manager"_s);
    for (const QJsonValue &v : list.json.array()) {
        if (regions.isEmpty() || regions.contains(v.toObject().value("region"_L1).toString()))
            return v.toObject();
    }
    return {};
}

QList<QJsonObject> tst_Intake::history(const QString &id)
{
    QList<QJsonObject> rows;
    for (const QJsonValue &v :
        request("GET", u"/api/orders/%1/history"_s.arg(id), u"demo-manager"_s).json.array())
        rows.append(v.toObject());
    return rows;
}

QJsonObject tst_Intake::eventWithSeq(qint64 seq) const
{
    for (const QJsonObject &f : m_watcher->frames) {
        if (f.value("op"_L1).toString() == "event"_L1 && f.value("seq"_L1).toInteger() == seq)
            return f;
    }
    return {};
}

double tst_Intake::metric(const QByteArray &name, const QMap<QByteArray, QByteArray> &labels)
{
    const Exposition e = Exposition::parse(request("GET", u"/metrics"_s, {}).body);
    const double v = e.value(name, labels);
    return std::isnan(v) ? 0 : v;
}

QJsonObject tst_Intake::deliveredOrder()
{
    const QJsonObject order = orderIn(u"new"_s, { u"north"_s, u"east"_s });
    const QString path = u"/api/orders/%1"_s.arg(order.value("id"_L1).toString());
    const QString region = order.value("region"_L1).toString();
    QString driver;
    for (const QJsonValue &d :
        request("GET", u"/api/drivers?region=%1"_s.arg(region), u"demo-manager"_s).json.array())
        driver = d.toObject().value("id"_L1).toString();
    if (driver.isEmpty())
        return {};
    HttpResult r = request("PATCH", path, u"demo-dispatcher"_s,
        json({ { "status"_L1, u"assigned"_s }, { "driverId"_L1, driver } }));
    for (const char *to : { "picked_up", "in_transit", "delivered" }) {
        if (r.status != 200)
            return {};
        r = request("PATCH", path, u"demo-dispatcher"_s,
            json({ { "status"_L1, QString::fromLatin1(to) } }));
    }
    return r.status == 200 ? r.json.object() : QJsonObject();
}

void tst_Intake::initTestCase()
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_server = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
    // No simulator and no alert engine: the database changes only when a test writes.
    QVERIFY2(
        m_server->start(0,
            { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--orders"_s, u"60"_s,
                u"--drivers"_s, u"8"_s, u"--seed"_s, u"11"_s, u"--require-reasons"_s }),
        qPrintable(m_server->errorString()));
    m_watcher = std::make_unique<FrameClient>();
    QSignalSpy connected(&m_watcher->socket, &QWebSocket::connected);
    m_watcher->socket.open(m_server->socketUrl());
    QVERIFY(connected.wait(5000));
    m_watcher->send(uR"({"op":"auth","token":"demo-manager"})"_s);
    m_watcher->send(uR"({"op":"subscribe","channels":["orders"]})"_s);
    QTRY_VERIFY(m_watcher->ops().contains(u"subscribed"_s));
}

void tst_Intake::cleanupTestCase()
{
    m_watcher.reset();
    m_nam.clearConnectionCache();
    m_server.reset();
}

void tst_Intake::createAnswers201WithTheWholeRowInItsEvent()
{
    const QJsonObject body = fullOrder(u"SHOP-1001"_s);
    const HttpResult r = request("POST", u"/api/orders"_s, u"demo-dispatcher"_s, json(body));
    QCOMPARE(r.status, 201);
    const QJsonObject row = r.json.object();
    const QString id = row.value("id"_L1).toString();
    QVERIFY(id.startsWith(u"ORD-"_s));
    QCOMPARE(r.headers.value("location"), "/api/orders/" + id.toUtf8());
    QCOMPARE(r.headers.value("etag"), "\"1\"");
    QCOMPARE(row.value("status"_L1).toString(), u"new"_s);
    QVERIFY(row.value("driverId"_L1).isNull());
    QCOMPARE(row.value("version"_L1).toInteger(), 1);
    // Every field as sent (text trimmed, times in UTC with milliseconds).
    for (const char *key : { "customer", "contactName", "contactPhone", "pickup", "dropoff",
             "region", "notes", "externalRef" })
        QCOMPARE(row.value(QLatin1StringView(key)), body.value(QLatin1StringView(key)));
    for (const char *key : { "amountCents", "lat", "lon", "pickupLat", "pickupLon" })
        QCOMPARE(row.value(QLatin1StringView(key)).toDouble(),
            body.value(QLatin1StringView(key)).toDouble());
    QCOMPARE(QDateTime::fromString(row.value("dueAt"_L1).toString(), Qt::ISODateWithMs),
        QDateTime::fromString(body.value("dueAt"_L1).toString(), Qt::ISODate));
    QCOMPARE(QDateTime::fromString(row.value("windowStart"_L1).toString(), Qt::ISODateWithMs),
        QDateTime::fromString(body.value("windowStart"_L1).toString(), Qt::ISODate));
    // The Location is the row.
    const HttpResult get =
        request("GET", QString::fromUtf8(r.headers.value("location")), u"demo-viewer"_s);
    QCOMPARE(get.status, 200);
    QCOMPARE(get.json.object(), row);
    // The event carries the whole row: a client inserts it without fetching the list.
    const qint64 seq = seqOf(r);
    QTRY_VERIFY(!eventWithSeq(seq).isEmpty());
    const QJsonObject event = eventWithSeq(seq);
    QCOMPARE(event.value("type"_L1).toString(), u"order.created"_s);
    QCOMPARE(event.value("id"_L1).toString(), id);
    QCOMPARE(event.value("fields"_L1).toObject(), row);
    // The history starts with who created it.
    const QList<QJsonObject> rows = history(id);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).value("field"_L1).toString(), u"created"_s);
    QCOMPARE(rows.at(0).value("actor"_L1).toString(), u"dispatcher"_s);
}

void tst_Intake::createNamesTheFieldItRefuses_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value"); // Undefined: left out
    QTest::addColumn<QString>("field"); // the field the answer names
    QTest::newRow("no customer") << u"customer"_s << QJsonValue(QJsonValue::Undefined)
                                 << u"customer"_s;
    QTest::newRow("blank customer") << u"customer"_s << QJsonValue(u"   "_s) << u"customer"_s;
    QTest::newRow("customer with a line break")
        << u"customer"_s << QJsonValue(u"Acme\nBakery"_s) << u"customer"_s;
    QTest::newRow("customer too long")
        << u"customer"_s << QJsonValue(QString(201, u'x')) << u"customer"_s;
    QTest::newRow("region not a region")
        << u"region"_s << QJsonValue(u"North Side"_s) << u"region"_s;
    QTest::newRow("region a number") << u"region"_s << QJsonValue(3) << u"region"_s;
    QTest::newRow("no pickup") << u"pickup"_s << QJsonValue(QJsonValue::Undefined) << u"pickup"_s;
    QTest::newRow("dropoff too long")
        << u"dropoff"_s << QJsonValue(QString(501, u'y')) << u"dropoff"_s;
    QTest::newRow("dueAt without a zone")
        << u"dueAt"_s << QJsonValue(u"2026-11-22T18:40:00"_s) << u"dueAt"_s;
    QTest::newRow("dueAt garbage") << u"dueAt"_s << QJsonValue(u"tomorrow"_s) << u"dueAt"_s;
    QTest::newRow("dueAt in two years")
        << u"dueAt"_s << QJsonValue(inHours(2 * 366 * 24)) << u"dueAt"_s;
    QTest::newRow("window after the due time")
        << u"windowStart"_s << QJsonValue(inHours(6)) << u"windowStart"_s;
    QTest::newRow("amount negative") << u"amountCents"_s << QJsonValue(-1) << u"amountCents"_s;
    QTest::newRow("amount fractional") << u"amountCents"_s << QJsonValue(12.5) << u"amountCents"_s;
    QTest::newRow("amount as text") << u"amountCents"_s << QJsonValue(u"12"_s) << u"amountCents"_s;
    QTest::newRow("lat out of range") << u"lat"_s << QJsonValue(91.0) << u"lat"_s;
    QTest::newRow("lat without lon") << u"lon"_s << QJsonValue(QJsonValue::Undefined) << u"lon"_s;
    QTest::newRow("pickupLon a string")
        << u"pickupLon"_s << QJsonValue(u"-0.1"_s) << u"pickupLon"_s;
    QTest::newRow("phone with letters")
        << u"contactPhone"_s << QJsonValue(u"call me"_s) << u"contactPhone"_s;
    QTest::newRow("notes too long") << u"notes"_s << QJsonValue(QString(2001, u'n')) << u"notes"_s;
    QTest::newRow("externalRef too long")
        << u"externalRef"_s << QJsonValue(QString(101, u'r')) << u"externalRef"_s;
    QTest::newRow("externalRef empty") << u"externalRef"_s << QJsonValue(u""_s) << u"externalRef"_s;
    QTest::newRow("a status") << u"status"_s << QJsonValue(u"delivered"_s) << QString();
}

void tst_Intake::createNamesTheFieldItRefuses()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(QString, field);
    QJsonObject body = fullOrder(u"BAD-1"_s);
    if (value.isUndefined())
        body.remove(key);
    else
        body.insert(key, value);
    const QByteArray before = position();
    const HttpResult r = request("POST", u"/api/orders"_s, u"demo-manager"_s, json(body));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.error(), u"bad_request"_s);
    if (field.isEmpty()) {
        QVERIFY2(r.message().contains(u"unknown field '%1'"_s.arg(key)), qPrintable(r.message()));
    } else {
        QCOMPARE(r.json.object().value("field"_L1).toString(), field);
        QVERIFY2(r.message().startsWith(u"'%1' "_s.arg(field)), qPrintable(r.message()));
    }
    QCOMPARE(position(), before);
}

void tst_Intake::createFollowsRegionsAndRoles()
{
    const QByteArray before = position();
    // demo-dispatcher works north and east.
    const HttpResult south = request(
        "POST", u"/api/orders"_s, u"demo-dispatcher"_s, json(fullOrder(u"R-1"_s, u"south"_s)));
    QCOMPARE(south.status, 403);
    QCOMPARE(south.error(), u"forbidden"_s);
    QCOMPARE(south.json.object().value("field"_L1).toString(), u"region"_s);
    const HttpResult viewer =
        request("POST", u"/api/orders"_s, u"demo-viewer"_s, json(fullOrder(u"R-2"_s)));
    QCOMPARE(viewer.status, 403);
    QCOMPARE(request("POST", u"/api/orders"_s, {}, json(fullOrder(u"R-3"_s))).status, 401);
    QCOMPARE(position(), before);
    // A manager has every region.
    QCOMPARE(
        request("POST", u"/api/orders"_s, u"demo-manager"_s, json(fullOrder(u"R-4"_s, u"south"_s)))
            .status,
        201);
}

void tst_Intake::idempotencyKeyGivesTheFirstAnswerAgain()
{
    QJsonObject body = fullOrder({});
    body.remove("externalRef"_L1); // only the key protects this one
    const QList<QPair<QByteArray, QByteArray>> key { { "Idempotency-Key", "retry-7f3a" } };
    const HttpResult first =
        request("POST", u"/api/orders"_s, u"demo-dispatcher"_s, json(body), key);
    QCOMPARE(first.status, 201);
    const QByteArray after = position();
    // A retry (the answer was lost on the way, say): the same answer, no second order.
    const HttpResult again = request("POST", u"/api/orders"_s, u"demo-dispatcher"_s,
        QJsonDocument(body).toJson(QJsonDocument::Indented), key);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.body, first.body);
    QCOMPARE(again.headers.value("location"), first.headers.value("location"));
    QCOMPARE(again.headers.value("idempotent-replayed"), "true");
    QCOMPARE(position(), after);
    // The same key for something else is refused.
    body.insert("amountCents"_L1, 9999);
    const HttpResult other =
        request("POST", u"/api/orders"_s, u"demo-dispatcher"_s, json(body), key);
    QCOMPARE(other.status, 422);
    QCOMPARE(other.error(), u"idempotency_conflict"_s);
    QVERIFY(other.message().contains(first.json.object().value("id"_L1).toString()));
    QCOMPARE(position(), after);
    // Keys belong to their user: another user's same key is another request.
    const HttpResult manager =
        request("POST", u"/api/orders"_s, u"demo-manager"_s, json(body), key);
    QCOMPARE(manager.status, 201);
    QVERIFY(manager.json.object().value("id"_L1) != first.json.object().value("id"_L1));
    // A key must be a sane token.
    QCOMPARE(request("POST", u"/api/orders"_s, u"demo-manager"_s, json(body),
                 { { "Idempotency-Key", QByteArray(129, 'k') } })
                 .status,
        400);
}

void tst_Intake::externalRefFindsTheOrderInsteadOfADuplicate()
{
    const QJsonObject body = fullOrder(u"SHOP-2002"_s);
    const HttpResult first = request("POST", u"/api/orders"_s, u"demo-dispatcher"_s, json(body));
    QCOMPARE(first.status, 201);
    const QByteArray after = position();
    // The shop sends the same order again: found, not created twice, and not changed.
    QJsonObject resent = body;
    resent.insert("notes"_L1, u"sent again"_s);
    const HttpResult second = request("POST", u"/api/orders"_s, u"demo-dispatcher"_s, json(resent));
    QCOMPARE(second.status, 200);
    QCOMPARE(second.json.object(), first.json.object());
    QCOMPARE(second.headers.value("location"), first.headers.value("location"));
    QCOMPARE(position(), after);
    const HttpResult list = request("GET", u"/api/orders?limit=10000"_s, u"demo-manager"_s);
    int withRef = 0;
    for (const QJsonValue &v : list.json.array())
        withRef += v.toObject().value("externalRef"_L1).toString() == "SHOP-2002"_L1;
    QCOMPARE(withRef, 1);
    // Someone who may not see that order learns nothing about it.
    const HttpResult foreign = request(
        "POST", u"/api/orders"_s, u"demo-manager"_s, json(fullOrder(u"SHOP-3003"_s, u"south"_s)));
    QCOMPARE(foreign.status, 201);
    const HttpResult probe =
        request("POST", u"/api/orders"_s, u"demo-dispatcher"_s, json(fullOrder(u"SHOP-3003"_s)));
    QCOMPARE(probe.status, 403);
    QVERIFY(!probe.body.contains("ORD-"));
}

void tst_Intake::editRecordsEachFieldWithOldNewAndWho()
{
    const HttpResult created =
        request("POST", u"/api/orders"_s, u"demo-manager"_s, json(fullOrder(u"EDIT-1"_s)));
    QCOMPARE(created.status, 201);
    const QJsonObject before = created.json.object();
    const QString id = before.value("id"_L1).toString();
    const QString newDue = inHours(6);
    const QJsonObject edit { { "notes"_L1, u"Leave with the neighbour"_s },
        { "amountCents"_L1, 3100 }, { "dueAt"_L1, newDue },
        { "contactPhone"_L1, u"+44 20 7946 0999"_s }, { "lat"_L1, QJsonValue::Null },
        { "lon"_L1, QJsonValue::Null }, { "windowStart"_L1, QJsonValue::Null } };
    const HttpResult r = request("PATCH", u"/api/orders/%1"_s.arg(id), u"demo-dispatcher"_s,
        json(edit), { { "If-Match", "\"1\"" } });
    QCOMPARE(r.status, 200);
    const QJsonObject after = r.json.object();
    QCOMPARE(after.value("version"_L1).toInteger(), 2);
    QCOMPARE(r.headers.value("etag"), "\"2\"");
    QCOMPARE(after.value("notes"_L1).toString(), u"Leave with the neighbour"_s);
    QCOMPARE(after.value("amountCents"_L1).toInteger(), 3100);
    QVERIFY(!after.contains("lat"_L1));
    QVERIFY(after.value("windowStart"_L1).isNull());
    QCOMPARE(after.value("customer"_L1), before.value("customer"_L1)); // untouched
    // The event: exactly what changed (a removed value as null) and the new updatedAt.
    const qint64 seq = seqOf(r);
    QTRY_VERIFY(!eventWithSeq(seq).isEmpty());
    const QJsonObject fields = eventWithSeq(seq).value("fields"_L1).toObject();
    const QStringList keys = fields.keys();
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()),
        (QSet<QString> { u"notes"_s, u"amountCents"_s, u"dueAt"_s, u"contactPhone"_s, u"lat"_s,
            u"lon"_s, u"windowStart"_s, u"updatedAt"_s }));
    QVERIFY(fields.value("lat"_L1).isNull());
    QCOMPARE(fields.value("dueAt"_L1), after.value("dueAt"_L1));
    // One history row per field, old and new value and who, all with the event's seq.
    QHash<QString, QJsonObject> rows;
    for (const QJsonObject &row : history(id)) {
        if (row.value("seq"_L1).toInteger() == seq)
            rows.insert(row.value("field"_L1).toString(), row);
    }
    QCOMPARE(QSet<QString>(rows.keyBegin(), rows.keyEnd()),
        (QSet<QString> { u"notes"_s, u"amountCents"_s, u"dueAt"_s, u"contactPhone"_s,
            u"dropoffPosition"_s, u"windowStart"_s }));
    for (const QJsonObject &row : std::as_const(rows))
        QCOMPARE(row.value("actor"_L1).toString(), u"dispatcher"_s);
    QCOMPARE(rows.value(u"notes"_s).value("from"_L1).toString(), u"Ring twice.\nBack door."_s);
    QCOMPARE(rows.value(u"notes"_s).value("to"_L1).toString(), u"Leave with the neighbour"_s);
    QCOMPARE(rows.value(u"amountCents"_s).value("from"_L1).toString(), u"2482"_s);
    QCOMPARE(rows.value(u"amountCents"_s).value("to"_L1).toString(), u"3100"_s);
    QCOMPARE(rows.value(u"dropoffPosition"_s).value("from"_L1).toString(), u"51.5512,-0.1318"_s);
    QCOMPARE(rows.value(u"dropoffPosition"_s).value("to"_L1).toString(), QString());
}

void tst_Intake::editKeepsIfMatchAndTheRules()
{
    const HttpResult created =
        request("POST", u"/api/orders"_s, u"demo-manager"_s, json(fullOrder(u"EDIT-2"_s)));
    const QString path = u"/api/orders/%1"_s.arg(created.json.object().value("id"_L1).toString());
    QCOMPARE(request("PATCH", path, u"demo-manager"_s, R"({"notes":"first"})").status, 200);
    const QByteArray before = position();
    // A stale version: 409 with the row as it is, nothing written.
    const HttpResult stale = request(
        "PATCH", path, u"demo-dispatcher"_s, R"({"notes":"second"})", { { "If-Match", "1" } });
    QCOMPARE(stale.status, 409);
    QCOMPARE(stale.json.object().value("current"_L1).toObject().value("notes"_L1).toString(),
        u"first"_s);
    // An edit that would make an invalid order, one that changes nothing, fields that are not
    // editable, a viewer.
    const HttpResult window =
        request("PATCH", path, u"demo-dispatcher"_s, json({ { "windowStart"_L1, inHours(9) } }));
    QCOMPARE(window.status, 400);
    QVERIFY2(window.message().startsWith(u"'windowStart'"_s), qPrintable(window.message()));
    const HttpResult same = request("PATCH", path, u"demo-dispatcher"_s, R"({"notes":"first"})");
    QCOMPARE(same.status, 400);
    const HttpResult customer =
        request("PATCH", path, u"demo-dispatcher"_s, R"({"customer":"Other Ltd"})");
    QCOMPARE(customer.status, 400);
    QVERIFY(customer.message().contains(u"unknown field 'customer'"_s));
    const HttpResult phone =
        request("PATCH", path, u"demo-dispatcher"_s, R"({"contactPhone":"ring"})");
    QCOMPARE(phone.status, 400);
    QCOMPARE(phone.json.object().value("field"_L1).toString(), u"contactPhone"_s);
    QCOMPARE(request("PATCH", path, u"demo-viewer"_s, R"({"notes":"x"})").status, 403);
    QCOMPARE(position(), before);
}

void tst_Intake::cancelAndFailNeedAReason()
{
    // This server runs with --require-reasons.
    const QJsonObject order = orderIn(u"new"_s, { u"north"_s, u"east"_s });
    const QString path = u"/api/orders/%1"_s.arg(order.value("id"_L1).toString());
    const QByteArray before = position();
    const HttpResult bare =
        request("PATCH", path, u"demo-dispatcher"_s, R"({"status":"cancelled"})");
    QCOMPARE(bare.status, 400);
    QVERIFY2(bare.message().startsWith(u"'reason'"_s), qPrintable(bare.message()));
    const HttpResult empty =
        request("PATCH", path, u"demo-dispatcher"_s, R"({"status":"failed","reason":"  "})");
    QCOMPARE(empty.status, 400);
    QCOMPARE(empty.json.object().value("field"_L1).toString(), u"reason"_s);
    const HttpResult bulk = request("POST", u"/api/orders/bulk-status"_s, u"demo-dispatcher"_s,
        json({ { "ids"_L1, QJsonArray { order.value("id"_L1) } }, { "status"_L1, u"failed"_s } }));
    QCOMPARE(bulk.status, 200);
    QCOMPARE(bulk.json.object().value("results"_L1).toArray().at(0).toObject().value("ok"_L1),
        QJsonValue(false));
    QCOMPARE(position(), before);

    const HttpResult cancelled = request("PATCH", path, u"demo-dispatcher"_s,
        R"({"status":"cancelled","reason":"shop withdrew the order"})");
    QCOMPARE(cancelled.status, 200);
    const QJsonObject last = history(order.value("id"_L1).toString()).constLast();
    QCOMPARE(last.value("field"_L1).toString(), u"status"_s);
    QCOMPARE(last.value("to"_L1).toString(), u"cancelled"_s);
    QCOMPARE(last.value("reason"_L1).toString(), u"shop withdrew the order"_s);
    // The bulk action takes one reason for all.
    const QJsonObject other = orderIn(u"new"_s, { u"north"_s, u"east"_s });
    const HttpResult bulkFailed =
        request("POST", u"/api/orders/bulk-status"_s, u"demo-dispatcher"_s,
            json({ { "ids"_L1, QJsonArray { other.value("id"_L1) } }, { "status"_L1, u"failed"_s },
                { "reason"_L1, u"depot flooded"_s } }));
    QCOMPARE(bulkFailed.json.object().value("results"_L1).toArray().at(0).toObject().value("ok"_L1),
        QJsonValue(true));
    QCOMPARE(history(other.value("id"_L1).toString()).constLast().value("reason"_L1).toString(),
        u"depot flooded"_s);
}

void tst_Intake::managersCorrectFinalStatesWithAReason()
{
    const QJsonObject delivered = deliveredOrder();
    QVERIFY(!delivered.isEmpty());
    const QString id = delivered.value("id"_L1).toString();
    const QString path = u"/api/orders/%1"_s.arg(id);
    const QByteArray before = position();
    // Final states change only by a manager's correction, with a reason.
    const HttpResult dispatcher = request("PATCH", path, u"demo-dispatcher"_s,
        R"({"status":"failed","reason":"customer says it never came"})");
    QCOMPARE(dispatcher.status, 403);
    QVERIFY(dispatcher.message().contains(u"only a manager"_s));
    const HttpResult noReason = request("PATCH", path, u"demo-manager"_s, R"({"status":"failed"})");
    QCOMPARE(noReason.status, 400);
    QVERIFY(noReason.message().startsWith(u"'reason'"_s));
    const HttpResult editFinal =
        request("PATCH", path, u"demo-dispatcher"_s, R"({"notes":"late note","reason":"forgot"})");
    QCOMPARE(editFinal.status, 403);
    QCOMPARE(position(), before);

    // delivered → failed: a versioned write like any other, recorded with its reason.
    const HttpResult corrected = request("PATCH", path, u"demo-manager"_s,
        R"({"status":"failed","reason":"customer says it never came"})",
        { { "If-Match", QByteArray::number(delivered.value("version"_L1).toInteger()) } });
    QCOMPARE(corrected.status, 200);
    QCOMPARE(corrected.json.object().value("status"_L1).toString(), u"failed"_s);
    QCOMPARE(corrected.json.object().value("version"_L1).toInteger(),
        delivered.value("version"_L1).toInteger() + 1);
    QCOMPARE(corrected.json.object().value("driverId"_L1), delivered.value("driverId"_L1));
    const QJsonObject row = history(id).constLast();
    QCOMPARE(row.value("from"_L1).toString(), u"delivered"_s);
    QCOMPARE(row.value("to"_L1).toString(), u"failed"_s);
    QCOMPARE(row.value("actor"_L1).toString(), u"manager"_s);
    QCOMPARE(row.value("reason"_L1).toString(), u"customer says it never came"_s);
    // failed → new reopens it without a driver; cancelled → in_transit needs one.
    const HttpResult reopened = request(
        "PATCH", path, u"demo-manager"_s, R"({"status":"new","reason":"we try again tomorrow"})");
    QCOMPARE(reopened.status, 200);
    QVERIFY(reopened.json.object().value("driverId"_L1).isNull());
    const QJsonObject order = orderIn(u"new"_s, { u"north"_s });
    const QString other = u"/api/orders/%1"_s.arg(order.value("id"_L1).toString());
    QCOMPARE(
        request("PATCH", other, u"demo-manager"_s, R"({"status":"cancelled","reason":"duplicate"})")
            .status,
        200);
    const HttpResult noDriver =
        request("PATCH", other, u"demo-manager"_s, R"({"status":"in_transit","reason":"it left"})");
    QCOMPARE(noDriver.status, 400);
    QVERIFY2(noDriver.message().startsWith(u"'driverId'"_s), qPrintable(noDriver.message()));
}

void tst_Intake::bulkAssignMovesADriversOrders()
{
    // Three open orders of one driver, as a driver who went home leaves them.
    const QJsonArray north =
        request("GET", u"/api/drivers?region=north"_s, u"demo-manager"_s).json.array();
    QVERIFY(north.size() >= 2);
    const QString home = north.at(0).toObject().value("id"_L1).toString();
    const QString next = north.at(1).toObject().value("id"_L1).toString();
    QStringList carried;
    for (int i = 0; i < 3; ++i) {
        const HttpResult created = request(
            "POST", u"/api/orders"_s, u"demo-dispatcher"_s, json(fullOrder(u"BULK-%1"_s.arg(i))));
        const QString id = created.json.object().value("id"_L1).toString();
        QCOMPARE(request("PATCH", u"/api/orders/%1"_s.arg(id), u"demo-dispatcher"_s,
                     json({ { "status"_L1, u"assigned"_s }, { "driverId"_L1, home } }))
                     .status,
            200);
        carried.append(id);
    }
    const HttpResult moved = request("POST", u"/api/orders/bulk-assign"_s, u"demo-dispatcher"_s,
        json({ { "fromDriver"_L1, home }, { "driverId"_L1, next },
            { "reason"_L1, u"went home sick"_s } }));
    QCOMPARE(moved.status, 200);
    const QJsonArray results = moved.json.object().value("results"_L1).toArray();
    QStringList movedIds;
    for (const QJsonValue &v : results) {
        QCOMPARE(v.toObject().value("ok"_L1), QJsonValue(true));
        QCOMPARE(v.toObject().value("order"_L1).toObject().value("driverId"_L1).toString(), next);
        movedIds.append(v.toObject().value("id"_L1).toString());
    }
    for (const QString &id : std::as_const(carried))
        QVERIFY2(movedIds.contains(id), qPrintable(id));
    QCOMPARE(history(carried.at(0)).constLast().value("reason"_L1).toString(), u"went home sick"_s);
    const HttpResult left =
        request("GET", u"/api/orders?driver=%1&status=assigned"_s.arg(home), u"demo-manager"_s);
    QCOMPARE(left.json.array().size(), 0);

    // By ids, to nobody: one result per id, whatever happens to the others.
    const QJsonObject delivered = deliveredOrder();
    const HttpResult unassigned =
        request("POST", u"/api/orders/bulk-assign"_s, u"demo-dispatcher"_s,
            json({ { "ids"_L1,
                       QJsonArray { carried.at(0), delivered.value("id"_L1), u"ORD-99999"_s,
                           carried.at(1) } },
                { "driverId"_L1, QJsonValue::Null } }));
    QCOMPARE(unassigned.status, 200);
    const QJsonArray each = unassigned.json.object().value("results"_L1).toArray();
    QCOMPARE(each.size(), 4);
    QCOMPARE(each.at(0).toObject().value("ok"_L1), QJsonValue(true));
    QVERIFY(each.at(0).toObject().value("order"_L1).toObject().value("driverId"_L1).isNull());
    QCOMPARE(each.at(1).toObject().value("error"_L1).toString(), u"bad_request"_s);
    QCOMPARE(each.at(2).toObject().value("error"_L1).toString(), u"not_found"_s);
    QCOMPARE(each.at(3).toObject().value("ok"_L1), QJsonValue(true));

    // A malformed body changes nothing.
    const QByteArray before = position();
    for (const QByteArray &bad :
        { QByteArray(R"({"ids":["ORD-00001"]})"), QByteArray(R"({"driverId":null})"),
            QByteArray(R"({"ids":["ORD-00001"],"fromDriver":"DRV-001","driverId":null})"),
            QByteArray(R"({"ids":[],"driverId":null})"),
            QByteArray(R"({"ids":["ORD-00001"],"driverId":7})") }) {
        const HttpResult r =
            request("POST", u"/api/orders/bulk-assign"_s, u"demo-dispatcher"_s, bad);
        QCOMPARE(r.status, 400);
    }
    QCOMPARE(request("POST", u"/api/orders/bulk-assign"_s, u"demo-viewer"_s,
                 R"({"ids":["ORD-00001"],"driverId":null})")
                 .status,
        403);
    QCOMPARE(position(), before);
}

void tst_Intake::refusedBodiesAreCounted()
{
    const double before = metric(
        "opsboard_intake_rejected_total", { { "source", "api" }, { "reason", "bad_request" } });
    QCOMPARE(request("POST", u"/api/orders"_s, u"demo-manager"_s, "{\"customer\":").status, 400);
    QCOMPARE(
        request("POST", u"/api/orders"_s, u"demo-manager"_s, R"({"customer":"A"})").status, 400);
    QCOMPARE(metric("opsboard_intake_rejected_total",
                 { { "source", "api" }, { "reason", "bad_request" } }),
        before + 2);
}

QTEST_GUILESS_MAIN(tst_Intake)
#include "tst_intake.moc"
