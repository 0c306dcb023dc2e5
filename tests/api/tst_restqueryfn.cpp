// The query layer's network adapter (restQueryFn over ApiClient) against a real HTTP server on
// 127.0.0.1: conditional requests (304), delta reads merged by id and version, Retry-After,
// bearer auth, and cancellation that aborts the request.

#include <functional>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "api/apiclient.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"
#include "sync/restqueryfn.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

struct Request
{
    QByteArray method;
    QByteArray target; //!< path and query
    QHash<QByteArray, QByteArray> headers; //!< lower-case names
};

struct Response
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool hang = false; //!< never answer (to test cancellation)
};

//! A minimal HTTP/1.1 server: one request per connection, `Connection: close`.
class HttpServer : public QObject
{
public:
    std::function<Response(const Request &)> handler;
    QList<Request> requests;
    qint64 bodyBytes = 0;
    int disconnectedUnanswered = 0;

    HttpServer()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }

private:
    void serve(QTcpSocket *socket)
    {
        auto buffer = std::make_shared<QByteArray>();
        auto answered = std::make_shared<bool>(false);
        connect(socket, &QTcpSocket::disconnected, socket, [this, socket, answered] {
            if (!*answered)
                ++disconnectedUnanswered;
            socket->deleteLater();
        });
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer, answered] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0 || *answered)
                return;
            Request req;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> first = lines.at(0).trimmed().split(' ');
            req.method = first.value(0);
            req.target = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    req.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                        lines.at(i).mid(colon + 1).trimmed());
            }
            requests.append(req);
            const Response resp = handler(req);
            if (resp.hang)
                return;
            *answered = true;
            QByteArray out = "HTTP/1.1 " + QByteArray::number(resp.status) + " X\r\n";
            for (const auto &[name, value] : resp.headers)
                out += name + ": " + value + "\r\n";
            if (resp.status != 304)
                out += "Content-Type: application/json\r\nContent-Length: "
                    + QByteArray::number(resp.body.size()) + "\r\n";
            out += "Connection: close\r\n\r\n";
            if (resp.status != 304)
                out += resp.body;
            bodyBytes += resp.body.size();
            socket->write(out);
            socket->disconnectFromHost();
        });
    }

    QTcpServer m_server;
};

QJsonObject order(int n, int version, const QString &status = u"new"_s)
{
    return { { "id"_L1, u"ORD-%1"_s.arg(n) }, { "version"_L1, version }, { "status"_L1, status } };
}

QByteArray json(const QJsonValue &v)
{
    return v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                       : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_RestQueryFn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void conditionalAndDeltaReads();
    void fullAnswerToADeltaReplaces();
    void otherListsAreNeverAskedForADelta();
    void errors_data();
    void errors();
    void retryAfterDelaysTheRetry();
    void cancelAbortsTheRequest();
};

void tst_RestQueryFn::conditionalAndDeltaReads()
{
    HttpServer server;
    QJsonArray rows;
    for (int i = 0; i < 1000; ++i)
        rows.append(order(i, 1));
    int step = 0;
    server.handler = [&](const Request &req) -> Response {
        switch (step++) {
        case 0:
            return { 200, { { "ETag", "\"e1\"" }, { "Opsboard-Position", "ep1:10" } }, json(rows),
                false };
        case 1:
            if (req.headers.value("if-none-match") != "\"e1\"")
                return { 500, {}, "{}", false };
            return { 304, { { "ETag", "\"e1\"" }, { "Opsboard-Position", "ep1:10" } }, {}, false };
        default:
            return { 200, { { "Opsboard-Position", "ep1:12" } },
                json(QJsonObject {
                    { "position"_L1, QJsonObject { { "epoch"_L1, u"ep1"_s }, { "seq"_L1, 12 } } },
                    { "changed"_L1,
                        QJsonArray {
                            order(5, 2, u"assigned"_s), order(3, 0, u"stale"_s), order(2000, 1) } },
                    { "deleted"_L1, QJsonArray { u"ORD-7"_s } } }),
                false };
        }
    };
    ApiClient api;
    api.setBaseUrl(server.url());
    api.setToken(u"secret"_s);
    QueryClient client;
    client.setDefaultQueryFn(restQueryFn(&api));
    const QueryKey key { u"orders"_s };
    QueryObserver observer(&client, { key });
    QTRY_VERIFY(observer.result().isSuccess());
    QCOMPARE(observer.result().data.toArray().size(), 1000);
    QCOMPARE(server.requests.at(0).headers.value("authorization"), QByteArray("Bearer secret"));

    // 304: a successful, fresh fetch that keeps the data.
    const qint64 firstUpdate = observer.result().dataUpdatedAt;
    QSignalSpy changed(&observer, &QueryObserver::resultChanged);
    client.invalidateQueries();
    QTRY_COMPARE(server.requests.size(), 2);
    QTRY_VERIFY(!observer.result().isFetching());
    QVERIFY(observer.result().isSuccess());
    QVERIFY(!observer.result().isInvalidated);
    QVERIFY(observer.result().dataUpdatedAt >= firstUpdate);
    QVERIFY(server.requests.at(1).target.contains("since=10"));
    QVERIFY(server.requests.at(1).target.contains("epoch=ep1"));

    // Delta: merged by id, newest version kept, deletions applied; only the delta travelled.
    // The fetch starting notifies too (an empty row diff), and the answer can settle before its
    // notification goes out: wait for the notification that carries rows, over all of them.
    const qint64 before = server.bodyBytes;
    QueryChangeSet seen = QueryChangeSet::unchanged();
    connect(
        &observer, &QueryObserver::resultChanged, this, [&] { seen.merge(observer.changes()); });
    client.invalidateQueries();
    QTRY_COMPARE(server.requests.size(), 3);
    QTRY_VERIFY(!seen.isEmpty());
    QVERIFY(seen.isRowDiff());
    QVERIFY(server.bodyBytes - before < 2048);
    const QJsonArray data = observer.result().data.toArray();
    QCOMPARE(data.size(), 1000); // +1 inserted, -1 deleted
    QCOMPARE(data.at(5).toObject().value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(
        data.at(3).toObject().value("status"_L1).toString(), u"new"_s); // older version ignored
    QCOMPARE(seen.ids(QueryChangeSet::Kind::Changed), QStringList { u"ORD-5"_s });
    QCOMPARE(seen.ids(QueryChangeSet::Kind::Removed), QStringList { u"ORD-7"_s });
    QCOMPARE(seen.ids(QueryChangeSet::Kind::Inserted), QStringList { u"ORD-2000"_s });
    QCOMPARE(client.queryMeta(key).toMap().value(u"seq"_s).toLongLong(), 12);
}

void tst_RestQueryFn::fullAnswerToADeltaReplaces()
{
    HttpServer server;
    int step = 0;
    server.handler = [&](const Request &) -> Response {
        if (step++ == 0)
            return { 200, { { "Opsboard-Position", "ep1:10" } },
                json(QJsonArray { order(1, 1), order(2, 1) }), false };
        // The server could not give a delta (e.g. a new epoch): a full array replaces the list.
        return { 200, { { "Opsboard-Position", "ep2:1" } }, json(QJsonArray { order(9, 1) }),
            false };
    };
    ApiClient api;
    api.setBaseUrl(server.url());
    QueryClient client;
    client.setDefaultQueryFn(restQueryFn(&api));
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    QTRY_VERIFY(observer.result().isSuccess());
    client.invalidateQueries();
    QTRY_COMPARE(observer.result().data.toArray().size(), 1);
    QCOMPARE(
        observer.result().data.toArray().at(0).toObject().value("id"_L1).toString(), u"ORD-9"_s);
}

void tst_RestQueryFn::otherListsAreNeverAskedForADelta()
{
    // Only /api/orders answers `since`; the other lists reject unknown parameters with 400.
    HttpServer server;
    server.handler = [&](const Request &) -> Response {
        return { 200, { { "Opsboard-Position", "ep1:10" } },
            json(QJsonArray { order(1, 1), order(2, 1) }), false };
    };
    ApiClient api;
    api.setBaseUrl(server.url());
    QueryClient client;
    client.setDefaultQueryFn(restQueryFn(&api));
    QueryObserver observer(
        &client, { QueryKey { u"alerts"_s, QJsonObject { { "status"_L1, u"open"_s } } } });
    QTRY_VERIFY(observer.result().isSuccess());
    client.invalidateQueries();
    QTRY_COMPARE(server.requests.size(), 2);
    QVERIFY(server.requests.at(1).target.startsWith("/api/alerts?"));
    QVERIFY(!server.requests.at(1).target.contains("since="));
    QVERIFY(server.requests.at(1).target.contains("status=open"));
}

void tst_RestQueryFn::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ErrorKind>("kind");
    QTest::newRow("401") << 401 << ErrorKind::Unauthorized;
    QTest::newRow("403") << 403 << ErrorKind::Forbidden;
    QTest::newRow("404") << 404 << ErrorKind::NotFound;
    QTest::newRow("500") << 500 << ErrorKind::Server;
    QTest::newRow("503") << 503 << ErrorKind::Unavailable;
}

void tst_RestQueryFn::errors()
{
    QFETCH(int, status);
    QFETCH(ErrorKind, kind);
    HttpServer server;
    server.handler = [status](const Request &) -> Response {
        return { status, {}, R"({"error":"x","message":"nope"})", false };
    };
    ApiClient api;
    api.setBaseUrl(server.url());
    QueryClient client;
    client.setRetryPolicy({ 0, 1ms, 1ms });
    client.setDefaultQueryFn(restQueryFn(&api));
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    QTRY_VERIFY(observer.result().isError());
    QCOMPARE(observer.result().error.kind, kind);
}

void tst_RestQueryFn::retryAfterDelaysTheRetry()
{
    HttpServer server;
    server.handler = [&server](const Request &) -> Response {
        if (server.requests.size() == 1)
            return { 429, { { "Retry-After", "1" } }, R"({"error":"rate_limited"})", false };
        return { 200, {}, "[]", false };
    };
    ApiClient api;
    api.setBaseUrl(server.url());
    QueryClient client;
    client.setRetryPolicy({ 3, 1ms, 1ms }); // the policy alone would retry at once
    client.setDefaultQueryFn(restQueryFn(&api));
    QElapsedTimer timer;
    timer.start();
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    QTRY_VERIFY_WITH_TIMEOUT(observer.result().isSuccess(), 5000);
    QCOMPARE(server.requests.size(), 2);
    QVERIFY2(timer.elapsed() >= 950, QByteArray::number(timer.elapsed()).constData());
}

void tst_RestQueryFn::cancelAbortsTheRequest()
{
    HttpServer server;
    server.handler = [](const Request &) -> Response { return { 200, {}, {}, true }; };
    ApiClient api;
    api.setBaseUrl(server.url());
    QueryClient client;
    client.setDefaultQueryFn(restQueryFn(&api));
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    QTRY_COMPARE(server.requests.size(), 1);
    client.cancelQueries();
    QTRY_COMPARE(server.disconnectedUnanswered, 1); // the reply was aborted
    QCOMPARE(observer.result().status, QueryStatus::Pending);
    QVERIFY(observer.result().error.ok());
}

QTEST_GUILESS_MAIN(tst_RestQueryFn)
#include "tst_restqueryfn.moc"
