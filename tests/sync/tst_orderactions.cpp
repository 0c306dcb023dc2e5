// OrderActions against the real opsboard-server: optimistic status changes that the server
// confirms, rejects (rollback) or finds stale (409 conflict with the current row), and bulk.

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include "blockinghttp.h"
#include "keys/querykeys.h"
#include "query/queryobserver.h"
#include "serverprocess.h"
#include "sync/orderimporter.h"
#include "sync/session.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

QJsonValue http(const QByteArray &method, const QUrl &url, const QByteArray &token,
    const QByteArray &body = {}, int *status = nullptr)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        return {};
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
    reply->deleteLater();
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

//! The first order in the cache with \a status.
QJsonObject firstWithStatus(QueryClient *queries, const QString &status, int skip = 0)
{
    const QJsonArray rows = queries->queryData(QueryKeys::orders()).toArray();
    for (const QJsonValue &v : rows) {
        if (v.toObject().value("status"_L1).toString() == status && skip-- <= 0)
            return v.toObject();
    }
    return {};
}

//! The query layer shows the order as an optimistic write not yet confirmed (what the orders
//! table reads: QueryObserver::pendingRowIds).
bool shownPending(QueryClient *queries, const QString &id)
{
    QueryOptions options { QueryKeys::orders() };
    options.enabled = false; // reads, never fetches
    const QueryObserver observer(queries, options);
    return observer.pendingRowIds().contains(id);
}

QJsonObject cached(QueryClient *queries, const QString &id)
{
    const QJsonArray rows = queries->queryData(QueryKeys::orders()).toArray();
    for (const QJsonValue &v : rows) {
        if (v.toObject().value("id"_L1).toString() == id)
            return v.toObject();
    }
    return {};
}

//! A session with the orders list observed (as the table does), live.
struct Client
{
    explicit Client(const ServerProcess &server, const QString &token = u"demo-dispatcher"_s)
    {
        session.queries()->setRetryPolicy({ 2, 20ms, 200ms });
        observer = std::make_unique<QueryObserver>(
            session.queries(), QueryOptions { QueryKeys::orders() });
        session.start(server.baseUrl(), token);
    }
    bool ready()
    {
        return QTest::qWaitFor(
            [this] {
                return session.isLive()
                    && session.queries()->queryData(QueryKeys::orders()).isArray();
            },
            10000);
    }
    Session session;
    std::unique_ptr<QueryObserver> observer;
};

} // namespace

class tst_OrderActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void notAvailableWhenNotLive();
    void changeShowsPendingThenServerVersion();
    void rejectedChangeRollsBack();
    void staleVersionIsAConflictWithTheCurrentRow();
    void bulkReportsEachOrder();
    void assignDriverIsOptimisticThenConfirmed();
    void assignDriverRefusedOrStaleRollsBack();
    void confirmedChangeKeepsAnotherPendingOneUndoable();
    void cancelCarriesItsReasonIntoHistory();
    void editIsOptimisticThenConfirmedOrRefusedAtTheField();
    void editOnAStaleVersionIsAConflict();
    void createInsertsTheRowOnceEvenWhenSentTwice();
    void reassignAllMovesADriversOpenOrders();
    void importChecksThenWritesOnce();

private:
    std::unique_ptr<ServerProcess> m_server;
};

void tst_OrderActions::initTestCase()
{
    qRegisterMetaType<OrderActionResult>();
    m_server = std::make_unique<ServerProcess>(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(m_server->start(0, { u"--demo"_s, u"--sim-interval"_s, u"3600000"_s }),
        qPrintable(m_server->errorString()));
}

void tst_OrderActions::notAvailableWhenNotLive()
{
    Session session;
    session.queries()->setQueryData(QueryKeys::orders(),
        QJsonArray { QJsonObject {
            { "id"_L1, u"ORD-1"_s }, { "status"_L1, u"new"_s }, { "version"_L1, 1 } } });
    QVERIFY(!session.actions()->isAvailable());
    QVERIFY(!session.actions()->setStatus(u"ORD-1"_s, OrderStatus::Assigned));
    QVERIFY(!session.actions()->setStatusBulk({ u"ORD-1"_s }, OrderStatus::Cancelled));
    QCOMPARE(cached(session.queries(), u"ORD-1"_s).value("status"_L1).toString(), u"new"_s);
}

void tst_OrderActions::changeShowsPendingThenServerVersion()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QJsonObject order = firstWithStatus(q, u"new"_s);
    QVERIFY(!order.isEmpty());
    const QString id = order.value("id"_L1).toString();
    const qint64 version = order.value("version"_L1).toInteger();
    QSignalSpy confirmed(client.session.actions(), &OrderActions::statusConfirmed);

    QVERIFY(client.session.actions()->setStatus(id, OrderStatus::Assigned));
    // At once: the new status, marked pending.
    QCOMPARE(cached(q, id).value("status"_L1).toString(), u"assigned"_s);
    QVERIFY(shownPending(q, id));
    QVERIFY(client.session.actions()->isPending(id));

    QVERIFY(confirmed.wait(10000));
    QTRY_VERIFY(!shownPending(q, id));
    QCOMPARE(cached(q, id).value("status"_L1).toString(), u"assigned"_s);
    QVERIFY(cached(q, id).value("version"_L1).toInteger() > version);
    QVERIFY(!client.session.actions()->isPending(id));
}

void tst_OrderActions::rejectedChangeRollsBack()
{
    // A viewer may read but not write: the server answers 403 and the row goes back.
    Client client(*m_server, u"demo-viewer"_s);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QJsonObject order = firstWithStatus(q, u"new"_s);
    const QString id = order.value("id"_L1).toString();
    QSignalSpy failed(client.session.actions(), &OrderActions::statusFailed);
    QVERIFY(client.session.actions()->setStatus(id, OrderStatus::Assigned));
    QCOMPARE(cached(q, id).value("status"_L1).toString(), u"assigned"_s);
    QVERIFY(failed.wait(10000));
    QCOMPARE(cached(q, id).value("status"_L1).toString(), u"new"_s);
    QVERIFY(!shownPending(q, id));
    QVERIFY(!failed.at(0).at(2).toString().isEmpty());
}

void tst_OrderActions::staleVersionIsAConflictWithTheCurrentRow()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QJsonObject order = firstWithStatus(q, u"new"_s, 3);
    const QString id = order.value("id"_L1).toString();
    const qint64 seen = order.value("version"_L1).toInteger();
    // Another dispatcher assigns it first.
    int status = 0;
    http("PATCH", m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + id)), "demo-manager",
        R"({"status":"assigned"})", &status);
    QCOMPARE(status, 200);

    QSignalSpy conflict(client.session.actions(), &OrderActions::conflictDetected);
    // This dispatcher still acts on the version they saw.
    QVERIFY(client.session.actions()->setStatus(
        id, OrderStatus::Cancelled, seen, u"Customer cancelled"_s));
    QVERIFY(conflict.wait(10000));
    const QJsonObject yours = conflict.at(0).at(2).toJsonObject();
    const QJsonObject current = conflict.at(0).at(3).toJsonObject();
    QCOMPARE(yours.value("version"_L1).toInteger(), seen);
    QCOMPARE(yours.value("status"_L1).toString(), u"cancelled"_s);
    QCOMPARE(yours.value("reason"_L1).toString(), u"Customer cancelled"_s);
    QCOMPARE(current.value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(current.value("version"_L1).toInteger(), seen + 1);
    QTRY_COMPARE(cached(q, id).value("status"_L1).toString(), u"assigned"_s);

    // Retry on the current version: accepted.
    QSignalSpy confirmed(client.session.actions(), &OrderActions::statusConfirmed);
    QVERIFY(client.session.actions()->setStatus(id, OrderStatus::Cancelled,
        current.value("version"_L1).toInteger(), yours.value("reason"_L1).toString()));
    QVERIFY(confirmed.wait(10000));
    QTRY_COMPARE(cached(q, id).value("status"_L1).toString(), u"cancelled"_s);
}

void tst_OrderActions::bulkReportsEachOrder()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QString a = firstWithStatus(q, u"new"_s, 5).value("id"_L1).toString();
    const QString b = firstWithStatus(q, u"new"_s, 6).value("id"_L1).toString();
    const QString done = firstWithStatus(q, u"delivered"_s).value("id"_L1).toString();
    QVERIFY(!a.isEmpty() && !b.isEmpty() && !done.isEmpty());
    QSignalSpy finished(client.session.actions(), &OrderActions::bulkFinished);
    QVERIFY(client.session.actions()->setStatusBulk(
        { a, done, b }, OrderStatus::Cancelled, u"Shop closed early"_s));
    QCOMPARE(cached(q, a).value("status"_L1).toString(), u"cancelled"_s); // optimistic
    QVERIFY(finished.wait(10000));
    const auto results = finished.at(0).at(1).value<QList<OrderActionResult>>();
    QCOMPARE(results.size(), 3);
    QCOMPARE(results.at(0).id, a);
    QVERIFY(results.at(0).ok);
    QCOMPARE(results.at(1).id, done);
    QVERIFY(!results.at(1).ok);
    QCOMPARE(results.at(1).error, u"forbidden"_s); // a final state: only a manager corrects it
    QVERIFY(results.at(2).ok);
    QTRY_COMPARE(cached(q, a).value("status"_L1).toString(), u"cancelled"_s);
    QTRY_COMPARE(cached(q, done).value("status"_L1).toString(), u"delivered"_s); // rolled back
    QVERIFY(!shownPending(q, a));
}

namespace {

//! Ids of the server's drivers in \a region.
QStringList driversOf(const ServerProcess &server, const QString &region)
{
    QStringList ids;
    for (const QJsonValue &d :
        http("GET", server.baseUrl().resolved(QUrl(u"/api/drivers"_s)), "demo-manager").toArray()) {
        if (d.toObject().value("region"_L1).toString() == region)
            ids.append(d.toObject().value("id"_L1).toString());
    }
    return ids;
}

} // namespace

void tst_OrderActions::assignDriverIsOptimisticThenConfirmed()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QJsonObject order = firstWithStatus(q, u"new"_s, 5);
    QVERIFY(!order.isEmpty());
    const QString id = order.value("id"_L1).toString();
    const QStringList drivers = driversOf(*m_server, order.value("region"_L1).toString());
    QVERIFY(!drivers.isEmpty());
    QSignalSpy confirmed(client.session.actions(), &OrderActions::statusConfirmed);

    QVERIFY(client.session.actions()->assignDriver(id, drivers.first()));
    // At once: the driver, and a new order becomes assigned, marked pending.
    QCOMPARE(cached(q, id).value("driverId"_L1).toString(), drivers.first());
    QCOMPARE(cached(q, id).value("status"_L1).toString(), u"assigned"_s);
    QVERIFY(shownPending(q, id));
    QVERIFY(confirmed.wait(10000));
    QTRY_VERIFY(!shownPending(q, id));
    const QJsonObject server =
        http("GET", m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + id)), "demo-manager")
            .toObject();
    QCOMPARE(server.value("driverId"_L1).toString(), drivers.first());
    QCOMPARE(server.value("status"_L1).toString(), u"assigned"_s);

    // Taking the driver off an assigned order makes it new again, on both sides.
    QVERIFY(client.session.actions()->assignDriver(id, {}));
    QCOMPARE(cached(q, id).value("status"_L1).toString(), u"new"_s);
    QVERIFY(confirmed.wait(10000));
    QTRY_VERIFY(!shownPending(q, id));
    QVERIFY(cached(q, id).value("driverId"_L1).isNull());
    QCOMPARE(cached(q, id).value("status"_L1).toString(), u"new"_s);
}

void tst_OrderActions::assignDriverRefusedOrStaleRollsBack()
{
    {
        // A viewer may not assign: 403, and the row goes back.
        Client viewer(*m_server, u"demo-viewer"_s);
        QVERIFY(viewer.ready());
        QueryClient *q = viewer.session.queries();
        const QJsonObject order = firstWithStatus(q, u"new"_s, 6);
        const QString id = order.value("id"_L1).toString();
        const QStringList drivers = driversOf(*m_server, order.value("region"_L1).toString());
        QVERIFY(!drivers.isEmpty());
        QSignalSpy failed(viewer.session.actions(), &OrderActions::assignFailed);
        QVERIFY(viewer.session.actions()->assignDriver(id, drivers.first()));
        QCOMPARE(cached(q, id).value("driverId"_L1).toString(), drivers.first());
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.at(0).at(0).toString(), id);
        QVERIFY(!failed.at(0).at(2).toString().isEmpty());
        QTRY_VERIFY(cached(q, id).value("driverId"_L1).isNull());
        QCOMPARE(cached(q, id).value("status"_L1).toString(), u"new"_s);
    }
    // Another dispatcher gives the order to someone else first: the server's row replaces the
    // optimistic one and the dispatcher is told.
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QJsonObject order = firstWithStatus(q, u"new"_s, 7);
    const QString id = order.value("id"_L1).toString();
    const QStringList drivers = driversOf(*m_server, order.value("region"_L1).toString());
    QVERIFY(drivers.size() >= 2);
    const QJsonObject theirs =
        blockingHttp("PATCH", m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + id)),
            QJsonDocument(
                QJsonObject { { "status"_L1, u"assigned"_s }, { "driverId"_L1, drivers.at(1) } })
                .toJson(QJsonDocument::Compact));
    QCOMPARE(theirs.value("driverId"_L1).toString(), drivers.at(1));
    QVERIFY(cached(q, id).value("driverId"_L1).isNull()); // not heard yet
    QSignalSpy failed(client.session.actions(), &OrderActions::assignFailed);
    QVERIFY(client.session.actions()->assignDriver(id, drivers.first()));
    QVERIFY(failed.wait(10000));
    // The message names the version the order was at when the server refused: theirs, or
    // later when the server wrote the new driver's ETA first (an ETA write is a version too).
    // The ETA may also be written after the refusal, so that version is at most the one read
    // now, not necessarily equal to it.
    const QString message = failed.at(0).at(2).toString();
    const QRegularExpressionMatch named =
        QRegularExpression(u"now version (\\d+)"_s).match(message);
    QVERIFY2(named.hasMatch(), qPrintable(message));
    const qint64 refusedAt = named.captured(1).toLongLong();
    const QJsonObject now =
        blockingHttp("GET", m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + id)), {});
    QVERIFY2(refusedAt >= theirs.value("version"_L1).toInteger(), qPrintable(message));
    QVERIFY2(refusedAt <= now.value("version"_L1).toInteger(), qPrintable(message));
    QTRY_COMPARE(cached(q, id).value("driverId"_L1).toString(), drivers.at(1));
    QVERIFY(!shownPending(q, id));
}

void tst_OrderActions::confirmedChangeKeepsAnotherPendingOneUndoable()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QString a = firstWithStatus(q, u"new"_s, 8).value("id"_L1).toString();
    const QString b = firstWithStatus(q, u"new"_s, 9).value("id"_L1).toString();
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QSignalSpy confirmed(client.session.actions(), &OrderActions::statusConfirmed);
    QSignalSpy failed(client.session.actions(), &OrderActions::statusFailed);
    // Two changes at once: A is fine; B skips the lifecycle, which the server refuses (400).
    QVERIFY(client.session.actions()->setStatus(a, OrderStatus::Assigned));
    QVERIFY(client.session.actions()->setStatus(b, OrderStatus::Delivered));
    QCOMPARE(cached(q, b).value("status"_L1).toString(), u"delivered"_s);
    QTRY_VERIFY_WITH_TIMEOUT(confirmed.size() == 1 && failed.size() == 1, 10000);
    // A's answer was written while B was pending; B's rollback still takes B back.
    QTRY_COMPARE(cached(q, b).value("status"_L1).toString(), u"new"_s);
    QVERIFY(!shownPending(q, b));
    QCOMPARE(cached(q, a).value("status"_L1).toString(), u"assigned"_s);
    QVERIFY(!client.session.actions()->isPending(a) && !client.session.actions()->isPending(b));
}

void tst_OrderActions::cancelCarriesItsReasonIntoHistory()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    const QString id =
        firstWithStatus(client.session.queries(), u"new"_s, 10).value("id"_L1).toString();
    QSignalSpy confirmed(client.session.actions(), &OrderActions::statusConfirmed);
    QVERIFY(client.session.actions()->setStatus(
        id, OrderStatus::Cancelled, u"Customer called: shop closed"_s));
    QVERIFY(confirmed.wait(10000));
    const QJsonArray history = http("GET",
        m_server->baseUrl().resolved(QUrl(u"/api/orders/%1/history"_s.arg(id))), "demo-manager")
                                   .toArray();
    bool found = false;
    for (const QJsonValue &v : history) {
        const QJsonObject h = v.toObject();
        if (h.value("field"_L1).toString() == "status"_L1
            && h.value("to"_L1).toString() == "cancelled"_L1)
            found = h.value("reason"_L1).toString() == "Customer called: shop closed"_L1;
    }
    QVERIFY2(found, QJsonDocument(history).toJson().constData());
}

void tst_OrderActions::editIsOptimisticThenConfirmedOrRefusedAtTheField()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QJsonObject order = firstWithStatus(q, u"new"_s, 11);
    const QString id = order.value("id"_L1).toString();
    const qint64 version = order.value("version"_L1).toInteger();
    QSignalSpy confirmed(client.session.actions(), &OrderActions::editConfirmed);
    QSignalSpy failed(client.session.actions(), &OrderActions::editFailed);

    QVERIFY(client.session.actions()->editOrder(
        id, { { "notes"_L1, u"Back door, ring twice"_s }, { "amountCents"_L1, 1999 } }));
    QCOMPARE(cached(q, id).value("notes"_L1).toString(), u"Back door, ring twice"_s); // at once
    QVERIFY(shownPending(q, id));
    QVERIFY(confirmed.wait(10000));
    QTRY_VERIFY(!shownPending(q, id));
    QVERIFY(cached(q, id).value("version"_L1).toInteger() > version);
    const QJsonObject server =
        http("GET", m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + id)), "demo-manager")
            .toObject();
    QCOMPARE(server.value("notes"_L1).toString(), u"Back door, ring twice"_s);
    QCOMPARE(server.value("amountCents"_L1).toInteger(), 1999);

    // A phone the server refuses: rolled back, and the refusal names the field.
    QVERIFY(client.session.actions()->editOrder(id, { { "contactPhone"_L1, u"call me"_s } }));
    QCOMPARE(cached(q, id).value("contactPhone"_L1).toString(), u"call me"_s);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.at(0).at(0).toString(), id);
    QCOMPARE(failed.at(0).at(1).toString(), u"contactPhone"_s);
    QVERIFY(!failed.at(0).at(2).toString().isEmpty());
    QTRY_COMPARE(cached(q, id).value("contactPhone"_L1), server.value("contactPhone"_L1));
    QVERIFY(!client.session.actions()->editOrder(id, {})); // nothing to send
}

void tst_OrderActions::editOnAStaleVersionIsAConflict()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QString id = firstWithStatus(q, u"new"_s, 12).value("id"_L1).toString();
    const qint64 shown = cached(q, id).value("version"_L1).toInteger();
    // Another dispatcher edits first (blocking: this client cannot hear of it before it writes).
    const QJsonObject theirs = blockingHttp("PATCH",
        m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + id)), R"({"notes":"theirs"})");
    QCOMPARE(theirs.value("notes"_L1).toString(), u"theirs"_s);
    QCOMPARE(cached(q, id).value("version"_L1).toInteger(), shown); // not heard yet
    QSignalSpy conflict(client.session.actions(), &OrderActions::editConflict);
    QSignalSpy confirmed(client.session.actions(), &OrderActions::editConfirmed);
    QVERIFY(client.session.actions()->editOrder(id, { { "notes"_L1, u"mine"_s } }));
    QTRY_VERIFY_WITH_TIMEOUT(conflict.size() + confirmed.size() == 1, 10000);
    QCOMPARE(conflict.size(), 1);
    QCOMPARE(conflict.at(0).at(1).toJsonObject().value("notes"_L1).toString(), u"mine"_s);
    const QJsonObject current = conflict.at(0).at(2).toJsonObject();
    QCOMPARE(current.value("notes"_L1).toString(), u"theirs"_s);
    QVERIFY(current.value("version"_L1).toInteger() > shown);
    QTRY_COMPARE(cached(q, id).value("notes"_L1).toString(), u"theirs"_s);
}

void tst_OrderActions::createInsertsTheRowOnceEvenWhenSentTwice()
{
    Client client(*m_server);
    Client other(*m_server);
    QVERIFY(client.ready() && other.ready());
    QueryClient *q = client.session.queries();
    const QJsonObject fields { { "customer"_L1, u"Acme Bakery"_s }, { "region"_L1, u"north"_s },
        { "pickup"_L1, u"North Depot"_s }, { "dropoff"_L1, u"141 Market Sq"_s },
        { "dueAt"_L1, QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODateWithMs) },
        { "amountCents"_L1, 2482 }, { "contactPhone"_L1, u"+44 20 7946 0000"_s } };
    QSignalSpy created(client.session.actions(), &OrderActions::orderCreated);
    QSignalSpy failed(client.session.actions(), &OrderActions::createFailed);
    const int before = int(q->queryData(QueryKeys::orders()).toArray().size());
    // Sent twice with one key (a retry after a timeout): one order.
    QVERIFY(client.session.actions()->createOrder(fields, "test-create-1"));
    QVERIFY(client.session.actions()->createOrder(fields, "test-create-1"));
    QTRY_COMPARE_WITH_TIMEOUT(created.size(), 2, 10000);
    QCOMPARE(created.at(0).at(0).toByteArray(), QByteArray("test-create-1"));
    const QString id = created.at(0).at(1).toString();
    QCOMPARE(created.at(1).at(1).toString(), id);
    QCOMPARE(cached(q, id).value("customer"_L1).toString(), u"Acme Bakery"_s);
    QCOMPARE(cached(q, id).value("status"_L1).toString(), u"new"_s);
    QCOMPARE(q->queryData(QueryKeys::orders()).toArray().size(), before + 1);
    // Another screen gets the row from the event.
    QTRY_COMPARE_WITH_TIMEOUT(cached(other.session.queries(), id).value("customer"_L1).toString(),
        u"Acme Bakery"_s, 10000);

    // The same key with other fields is refused; a bad field is named.
    QJsonObject changed = fields;
    changed.insert("customer"_L1, u"Someone else"_s);
    QVERIFY(client.session.actions()->createOrder(changed, "test-create-1"));
    QVERIFY(failed.wait(10000));
    QVERIFY(!failed.at(0).at(2).toString().isEmpty());
    changed.insert("contactPhone"_L1, u"call me"_s);
    QVERIFY(client.session.actions()->createOrder(changed, "test-create-2"));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.at(1).at(0).toByteArray(), QByteArray("test-create-2"));
    QCOMPARE(failed.at(1).at(1).toString(), u"contactPhone"_s);
    QCOMPARE(q->queryData(QueryKeys::orders()).toArray().size(), before + 1);
}

void tst_OrderActions::reassignAllMovesADriversOpenOrders()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    // A driver with open orders, and another driver.
    QString from;
    QString region;
    QStringList carried;
    for (const QJsonValue &v : q->queryData(QueryKeys::orders()).toArray()) {
        const QJsonObject o = v.toObject();
        const QString status = o.value("status"_L1).toString();
        if (o.value("driverId"_L1).isString()
            && (status == "assigned"_L1 || status == "picked_up"_L1 || status == "in_transit"_L1)
            && (from.isEmpty() || o.value("driverId"_L1).toString() == from)) {
            from = o.value("driverId"_L1).toString();
            region = o.value("region"_L1).toString();
            carried.append(o.value("id"_L1).toString());
        }
    }
    QVERIFY(!carried.isEmpty());
    QStringList others = driversOf(*m_server, region);
    others.removeAll(from);
    QVERIFY(!others.isEmpty());
    const QString to = others.first();
    QSignalSpy finished(client.session.actions(), &OrderActions::reassignFinished);
    QVERIFY(!client.session.actions()->reassignAll(from, from, {}));
    QVERIFY(client.session.actions()->reassignAll(from, to, u"went home sick"_s));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).toString(), from);
    QCOMPARE(finished.at(0).at(1).toString(), to);
    QVERIFY2(
        finished.at(0).at(3).toString().isEmpty(), qPrintable(finished.at(0).at(3).toString()));
    const auto results = finished.at(0).at(2).value<QList<OrderActionResult>>();
    QCOMPARE(results.size(), carried.size());
    for (const OrderActionResult &r : results) {
        QVERIFY2(r.ok, qPrintable(r.message));
        QVERIFY(carried.contains(r.id));
        QTRY_COMPARE(cached(q, r.id).value("driverId"_L1).toString(), to);
    }
}

void tst_OrderActions::importChecksThenWritesOnce()
{
    Client client(*m_server);
    QVERIFY(client.ready());
    QueryClient *q = client.session.queries();
    const QString due = QDateTime::currentDateTimeUtc().addSecs(7200).toString(Qt::ISODate);
    const QByteArray csv =
        u"externalRef;customer;pickup;dropoff;dueAt;region;amount\r\n"
        "IMP-T-1;Acme Bakery;North Depot;141 Market Sq;%1;north;24,82\r\n"
        "IMP-T-2;Oak Clinic;North Depot;7 Oak St;tomorrow;north;12,50\r\n"
        "IMP-T-3;\"=HYPERLINK(\"\"x\"\")\";North Depot;9 Elm Rd;%1;north;3\r\n"_s.arg(due)
            .toUtf8();
    OrderImporter importer(client.session.api());
    importer.setContents(csv, u"orders.csv"_s);
    QSignalSpy checked(&importer, &OrderImporter::checked);
    QSignalSpy imported(&importer, &OrderImporter::imported);
    QSignalSpy failed(&importer, &OrderImporter::failed);

    importer.check();
    QVERIFY(importer.isBusy());
    QVERIFY2(checked.wait(10000),
        failed.isEmpty() ? "no answer" : qPrintable(failed.at(0).at(0).toString()));
    auto report = checked.at(0).at(0).value<OrdersApi::ImportReport>();
    QVERIFY(report.dryRun);
    QCOMPARE(report.rowsRead, 3);
    QCOMPARE(report.rowsValid, 2);
    QCOMPARE(report.problemCount, 1);
    QCOMPARE(report.problems.at(0).row, 3);
    QCOMPARE(report.problems.at(0).field, u"dueAt"_s);

    // Without partial the server refuses the file and names the bad row; nothing is written.
    const int before = int(q->queryData(QueryKeys::orders()).toArray().size());
    importer.import(false);
    QVERIFY(failed.wait(10000));
    QVERIFY(!failed.at(0).at(0).toString().isEmpty());
    QCOMPARE(failed.at(0).at(1).value<OrdersApi::ImportReport>().problemCount, 1);

    importer.import(true);
    QVERIFY(imported.wait(10000));
    report = imported.at(0).at(0).value<OrdersApi::ImportReport>();
    QCOMPARE(report.created, 2);
    QVERIFY(report.importId.startsWith("IMP-"_L1));
    // The import's event brings the rows to the list (one delta read), the formula as text.
    QTRY_COMPARE_WITH_TIMEOUT(
        q->queryData(QueryKeys::orders()).toArray().size(), before + 2, 10000);
    QCOMPARE(cached(q, report.lastId).value("customer"_L1).toString(), u"=HYPERLINK(\"x\")"_s);

    // Again: every row exists already, nothing is created.
    importer.check();
    QVERIFY(checked.wait(10000));
    report = checked.at(1).at(0).value<OrdersApi::ImportReport>();
    QCOMPARE(report.created, 0);
    QCOMPARE(report.existingCount, 2);
}

QTEST_GUILESS_MAIN(tst_OrderActions)
#include "tst_orderactions.moc"
