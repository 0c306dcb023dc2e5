// Operations of the real opsboard-server process: GET /metrics (strict exposition text, the
// counters move with activity, the latency histogram counts every request), request ids and
// JSON log lines, the --config file, and graceful shutdown on SIGTERM.

#include <memory>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "exposition.h"
#include "frameclient.h"
#include "rawwsclient.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;

namespace {

const QStringList kDemoArgs { u"--demo"_s, u"--orders"_s, u"20"_s, u"--drivers"_s, u"2"_s,
    u"--alert-interval"_s, u"0"_s };

std::unique_ptr<FrameClient> liveClient(const QUrl &url, const QString &token)
{
    auto client = std::make_unique<FrameClient>();
    QSignalSpy connected(&client->socket, &QWebSocket::connected);
    client->socket.open(url);
    if (!connected.wait(5000))
        return client;
    client->send(u"{\"op\":\"auth\",\"token\":\"%1\"}"_s.arg(token));
    client->send(uR"({"op":"subscribe","channels":["orders"]})"_s);
    (void)QTest::qWaitFor(
        [&client] { return client->ops().contains(u"subscribed"_s) || client->disconnected; },
        5000);
    return client;
}

//! Runs the server binary to completion (for start-up errors).
struct Finished
{
    int exitCode = -1;
    QByteArray errors;
};
Finished runToExit(const QStringList &args)
{
    QProcess process;
    process.start(QStringLiteral(OPS_SERVER_BINARY), args);
    Finished result;
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitCode();
    result.errors = process.readAllStandardError();
    return result;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
    return path;
}

} // namespace

class tst_Operations : public QObject
{
    Q_OBJECT

private:
    HttpResult get(const QString &path, const QString &token = {},
        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Exposition scrape();

    std::unique_ptr<ServerProcess> m_server;
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void metricsMoveWithActivity();
    void requestIdsAreEchoedOrMadeUp();
    void jsonLogLinesCarryRequestIds();
    void metricsTokenFromTheConfigFile();
    void configFileErrorsNameFileAndLine_data();
    void configFileErrorsNameFileAndLine();
    void commandLineOverridesTheConfigFile();
    void gracefulShutdownClosesWithGoingAway();
    void shutdownIsBoundedByItsTimeout();
    void shutdownNamesTheSessionsItCutsOff();
    void webSocketOptionsApply();
};

void tst_Operations::initTestCase()
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_server = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
    m_server->setCaptureErrors(true);
    QVERIFY2(
        m_server->start(0,
            kDemoArgs + QStringList { u"--sim-interval"_s, u"50"_s, u"--log-format"_s, u"json"_s }),
        qPrintable(m_server->errorString()));
}

void tst_Operations::cleanupTestCase()
{
    m_server.reset();
}

HttpResult tst_Operations::get(
    const QString &path, const QString &token, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return sendHttp(m_nam, "GET", QUrl(m_server->baseUrl().toString() + path), token, {}, headers);
}

Exposition tst_Operations::scrape()
{
    const HttpResult r = get(u"/metrics"_s);
    if (r.status != 200)
        return Exposition { {}, {}, {}, u"GET /metrics answered %1"_s.arg(r.status) };
    if (!r.headers.value("content-type").startsWith("text/plain; version=0.0.4"))
        return Exposition { {}, {}, {}, u"wrong content type"_s };
    return Exposition::parse(r.body);
}

void tst_Operations::metricsMoveWithActivity()
{
    const Exposition before = scrape();
    QVERIFY2(before.ok(), qPrintable(before.error));
    // Every counter is a _total; the build and process facts are there.
    for (auto it = before.types.begin(); it != before.types.end(); ++it) {
        if (it.value() == "counter")
            QVERIFY2(it.key().endsWith("_total"), it.key().constData());
    }
    QCOMPARE(before.value("opsboard_build_info", { { "version", OPS_VERSION } }), 1.0);
    QVERIFY(before.value("opsboard_process_start_time_seconds") > 1.6e9);
    QCOMPARE(before.value("opsboard_db_notification_link_up"), 1.0);
    QCOMPARE(before.value("opsboard_db_errors_total"), 0.0);

    auto client = liveClient(m_server->socketUrl(), u"demo-manager"_s);
    QVERIFY(client->ops().contains(u"subscribed"_s));
    client->send(u"not json"_s);
    QTRY_VERIFY(client->ops().contains(u"error"_s));

    const QMap<QByteArray, QByteArray> ordersOk { { "route", "/api/orders" }, { "method", "GET" },
        { "status", "200" } };
    const QMap<QByteArray, QByteArray> ordersUnauthorized { { "route", "/api/orders" },
        { "method", "GET" }, { "status", "401" } };
    for (int i = 0; i < 4; ++i)
        QCOMPARE(get(u"/api/orders?limit=2"_s, u"demo-manager"_s).status, 200);
    QCOMPARE(get(u"/api/orders"_s).status, 401);
    const HttpResult list = get(u"/api/orders?limit=1"_s, u"demo-manager"_s);
    const QString id = list.json.array().at(0).toObject().value("id"_L1).toString();
    QVERIFY2(!id.isEmpty(), list.body.constData());
    QCOMPARE(get(u"/api/orders/%1/history"_s.arg(id), u"demo-manager"_s).status, 200);
    QCOMPARE(get(u"/no/such/path/12345"_s).status, 404);
    // The simulator appends events; the subscribed client receives some.
    QTRY_VERIFY(client->ops().contains(u"event"_s));

    const Exposition after = scrape();
    QVERIFY2(after.ok(), qPrintable(after.error));
    auto delta = [&](const QByteArray &name, const QMap<QByteArray, QByteArray> &labels = {}) {
        return after.sum(name, labels) - before.sum(name, labels);
    };
    QCOMPARE(delta("opsboard_http_requests_total", ordersOk), 5.0);
    QCOMPARE(delta("opsboard_http_requests_total", ordersUnauthorized), 1.0);
    QCOMPARE(delta("opsboard_http_requests_total",
                 { { "route", "/api/orders/<arg>/history" }, { "status", "200" } }),
        1.0);
    // Raw paths never become labels.
    QCOMPARE(
        delta("opsboard_http_requests_total", { { "route", "unmatched" }, { "status", "404" } }),
        1.0);
    for (const Exposition::Sample &s : after.samples)
        QVERIFY(!s.labels.value("route").contains("12345"));
    QCOMPARE(
        delta("opsboard_http_requests_total", { { "route", "/ws" }, { "status", "101" } }), 1.0);
    QCOMPARE(delta("opsboard_http_requests_total", { { "route", "/metrics" } }), 1.0);
    // The histogram counts every request, per route and overall.
    QCOMPARE(after.sum("opsboard_http_request_duration_seconds_count"),
        after.sum("opsboard_http_requests_total"));
    QCOMPARE(
        after.value("opsboard_http_request_duration_seconds_count", { { "route", "/api/orders" } }),
        after.sum("opsboard_http_requests_total", { { "route", "/api/orders" } }));
    QCOMPARE(delta("opsboard_http_request_duration_seconds_count", { { "route", "/api/orders" } }),
        6.0); // 4 + 1 + the 401
    QVERIFY(
        delta("opsboard_http_request_duration_seconds_sum", { { "route", "/api/orders" } }) > 0);

    QCOMPARE(after.value("opsboard_ws_connections"), 1.0);
    QCOMPARE(after.value("opsboard_ws_subscriptions"), 1.0);
    QCOMPARE(delta("opsboard_ws_rejected_frames_total", { { "reason", "bad_frame" } }), 1.0);
    QVERIFY(delta("opsboard_events_appended_total") > 0);
    QVERIFY(delta("opsboard_ws_deliveries_total") > 0);
    QCOMPARE(delta("opsboard_http_websocket_upgrades_total"), 1.0);

    // Closes, replays and resyncs are counted too.
    client->socket.close();
    QTRY_COMPARE(scrape().value("opsboard_ws_connections"), 0.0);
    auto resyncer = std::make_unique<FrameClient>();
    QSignalSpy connected(&resyncer->socket, &QWebSocket::connected);
    resyncer->socket.open(m_server->socketUrl());
    QVERIFY(connected.wait(5000));
    resyncer->send(uR"({"op":"auth","token":"demo-manager"})"_s);
    resyncer->send(
        uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"nope","seq":1}})"_s);
    QTRY_VERIFY(resyncer->ops().contains(u"resync"_s));
    const Exposition last = scrape();
    QVERIFY2(last.ok(), qPrintable(last.error));
    QCOMPARE(
        last.value("opsboard_ws_resyncs_total") - before.value("opsboard_ws_resyncs_total"), 1.0);
}

void tst_Operations::requestIdsAreEchoedOrMadeUp()
{
    const HttpResult given = get(u"/healthz"_s, {}, { { "X-Request-Id", "abc-123.x_y:z" } });
    QCOMPARE(given.status, 200);
    QCOMPARE(given.headers.value("x-request-id"), "abc-123.x_y:z");

    static const QRegularExpression generated(u"^[0-9a-f]{16}$"_s);
    const HttpResult none = get(u"/healthz"_s);
    QVERIFY2(generated.match(QString::fromLatin1(none.headers.value("x-request-id"))).hasMatch(),
        none.headers.value("x-request-id").constData());
    const HttpResult other = get(u"/healthz"_s);
    QVERIFY(other.headers.value("x-request-id") != none.headers.value("x-request-id"));

    for (const QByteArray &bad : { QByteArray("has space"), QByteArray(200, 'a'),
             QByteArray("quote\"d"), QByteArray("semi;colon") }) {
        const HttpResult r = get(u"/healthz"_s, {}, { { "X-Request-Id", bad } });
        QVERIFY2(generated.match(QString::fromLatin1(r.headers.value("x-request-id"))).hasMatch(),
            bad.constData());
    }
    // Unknown routes and errors carry it too.
    const HttpResult missing = get(u"/nope"_s, {}, { { "X-Request-Id", "missing-1" } });
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.headers.value("x-request-id"), "missing-1");
    const HttpResult denied = get(u"/api/orders"_s, {}, { { "X-Request-Id", "denied-1" } });
    QCOMPARE(denied.status, 401);
    QCOMPARE(denied.headers.value("x-request-id"), "denied-1");
}

void tst_Operations::jsonLogLinesCarryRequestIds()
{
    QCOMPARE(get(u"/api/orders?limit=1&status=new"_s, u"demo-manager"_s,
                 { { "X-Request-Id", "log-check-1" } })
                 .status,
        200);
    QCOMPARE(
        get(u"/api/orders/ORD-99999"_s, u"demo-manager"_s, { { "X-Request-Id", "log-check-2" } })
            .status,
        404);
    static const QRegularExpression ts(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s);
    QJsonObject access1;
    QJsonObject access2;
    QByteArray errors;
    QVERIFY(QTest::qWaitFor(
        [&] {
            errors = m_server->errors();
            return errors.contains("log-check-2");
        },
        5000));
    const QList<QByteArray> lines = errors.split('\n');
    int parsed = 0;
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), line.constData());
        const QJsonObject o = doc.object();
        QVERIFY2(ts.match(o.value("ts"_L1).toString()).hasMatch(), line.constData());
        QVERIFY(QStringList({ u"debug"_s, u"info"_s, u"warning"_s, u"critical"_s })
                    .contains(o.value("level"_L1).toString()));
        QVERIFY(o.value("category"_L1).isString());
        QVERIFY(o.value("message"_L1).isString());
        // Never a token, never a query string.
        QVERIFY2(!line.contains("demo-manager"), line.constData());
        QVERIFY2(!line.contains("limit=1"), line.constData());
        ++parsed;
        if (o.value("request_id"_L1).toString() == "log-check-1"_L1
            && o.value("category"_L1).toString() == "ops.server.http"_L1)
            access1 = o;
        if (o.value("request_id"_L1).toString() == "log-check-2"_L1)
            access2 = o;
    }
    QVERIFY(parsed > 2);
    QVERIFY2(!access1.isEmpty(), errors.constData());
    const QString message = access1.value("message"_L1).toString();
    QVERIFY2(message.startsWith(u"GET /api/orders 200 "_s), qPrintable(message));
    QVERIFY2(message.contains(QRegularExpression(u" \\d+us \\d+B id=log-check-1 from 127.0.0.1"_s)),
        qPrintable(message));
    QCOMPARE(access1.value("level"_L1).toString(), u"info"_s);
    QVERIFY(access2.value("message"_L1).toString().startsWith(u"GET /api/orders/ORD-99999 404 "_s));
}

void tst_Operations::metricsTokenFromTheConfigFile()
{
    QTemporaryDir dir;
    const QString config = writeFile(dir, u"ops.conf"_s,
        "# metrics behind a token\nmetrics-token = s3cret-metrics\nno-sim = true\n");
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, kDemoArgs + QStringList { u"--config"_s, config }),
        qPrintable(server.errorString()));
    const QString url = server.baseUrl().toString() + u"/metrics"_s;
    QCOMPARE(sendHttp(m_nam, "GET", QUrl(url)).status, 401);
    QCOMPARE(sendHttp(m_nam, "GET", QUrl(url), u"wrong"_s).status, 401);
    QCOMPARE(sendHttp(m_nam, "GET", QUrl(url), u"demo-manager"_s).status, 401);
    const HttpResult ok = sendHttp(m_nam, "GET", QUrl(url), u"s3cret-metrics"_s);
    QCOMPARE(ok.status, 200);
    QVERIFY(Exposition::parse(ok.body).ok());
}

void tst_Operations::configFileErrorsNameFileAndLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad value") << QByteArray("# ok\nretain-events = 0\n")
                               << u"ops.conf:2: --retain-events must be 1 to 100000000"_s;
    QTest::newRow("bad log format")
        << QByteArray("log-format = xml\n") << u"ops.conf:1: --log-format must be text or json"_s;
    QTest::newRow("unknown key") << QByteArray("demo = true\nlisten-on = ::1\n")
                                 << u"ops.conf:2: unknown key 'listen-on'"_s;
    QTest::newRow("duplicate key")
        << QByteArray("seed = 1\nseed = 2\n") << u"ops.conf:2: duplicate key 'seed'"_s;
    QTest::newRow("no equals") << QByteArray("demo\n") << u"ops.conf:1: expected 'key = value'"_s;
}

void tst_Operations::configFileErrorsNameFileAndLine()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString config = writeFile(dir, u"ops.conf"_s, content);
    const Finished run = runToExit({ u"--demo"_s, u"--port"_s, u"0"_s, u"--db"_s,
        dir.filePath(u"db.sqlite"_s), u"--config"_s, config });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(dir.filePath(expected).toUtf8()), run.errors.constData());
}

void tst_Operations::commandLineOverridesTheConfigFile()
{
    QTemporaryDir dir;
    // The file's value is bad, but the command line replaces it.
    const QString config = writeFile(dir, u"ops.conf"_s, "idle-timeout = forever\nno-sim = true\n");
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(server.start(
                 0, kDemoArgs + QStringList { u"--config"_s, config, u"--idle-timeout"_s, u"5"_s }),
        qPrintable(server.errorString()));
    QCOMPARE(sendHttp(m_nam, "GET", QUrl(server.baseUrl().toString() + u"/healthz"_s)).status, 200);
}

void tst_Operations::gracefulShutdownClosesWithGoingAway()
{
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0,
                 kDemoArgs
                     + QStringList { u"--sim-interval"_s, u"20"_s, u"--shutdown-timeout"_s, u"5"_s,
                         u"--ws-connect-rate"_s, u"1000"_s }),
        qPrintable(server.errorString()));
    constexpr int kClients = 40;
    std::vector<std::unique_ptr<FrameClient>> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(liveClient(server.socketUrl(), u"demo-dispatcher"_s));
        QVERIFY(clients.back()->ops().contains(u"subscribed"_s));
    }
    // A keep-alive HTTP connection is open too.
    QCOMPARE(sendHttp(m_nam, "GET", QUrl(server.baseUrl().toString() + u"/healthz"_s)).status, 200);

    QElapsedTimer timer;
    timer.start();
    // SIGTERM, then wait in the event loop, so the clients answer the close handshakes.
    QVERIFY(server.isRunning());
    (void)server.terminateAndWait(0);
    QVERIFY(QTest::qWaitFor([&server] { return !server.isRunning(); }, 8000));
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    QVERIFY2(elapsed < 5000, qPrintable(u"took %1 ms"_s.arg(elapsed)));
    for (const auto &client : clients) {
        QTRY_VERIFY(client->disconnected);
        QCOMPARE(client->closeCode(), int(QWebSocketProtocol::CloseCodeGoingAway));
    }

    // The restarted server takes the clients back.
    QVERIFY2(server.restart(), qPrintable(server.errorString()));
    auto again = liveClient(server.socketUrl(), u"demo-dispatcher"_s);
    QVERIFY(again->ops().contains(u"subscribed"_s));
}

void tst_Operations::shutdownIsBoundedByItsTimeout()
{
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(
        server.start(0, kDemoArgs + QStringList { u"--no-sim"_s, u"--shutdown-timeout"_s, u"1"_s }),
        qPrintable(server.errorString()));
    // A client stalled half-way through a request head: the drain waits for it, but only up to
    // --shutdown-timeout (its idle timeout would be 30 s).
    QTcpSocket raw;
    raw.setProxy(QNetworkProxy::NoProxy);
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(5000));
    raw.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    QVERIFY(raw.waitForBytesWritten(5000));
    // The server has seen the bytes once a request on another connection is answered.
    QCOMPARE(sendHttp(m_nam, "GET", QUrl(server.baseUrl().toString() + u"/healthz"_s)).status, 200);

    QElapsedTimer timer;
    timer.start();
    (void)server.terminateAndWait(0);
    QVERIFY(QTest::qWaitFor([&server] { return !server.isRunning(); }, 8000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    QVERIFY2(timer.elapsed() >= 900, "the stalled request was not waited for");
    QVERIFY2(timer.elapsed() < 4000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
}

void tst_Operations::shutdownNamesTheSessionsItCutsOff()
{
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    server.setCaptureErrors(true);
    QVERIFY2(
        server.start(0, kDemoArgs + QStringList { u"--no-sim"_s, u"--shutdown-timeout"_s, u"1"_s }),
        qPrintable(server.errorString()));
    // A WebSocket peer that completes the handshake, then never answers: the shutdown's close
    // frame gets no close frame back, and the grace time ends it. The log says so.
    RawWsClient peer;
    QVERIFY(peer.open(server.port()));
    peer.stopReading(0); // not even the end of the stream, as a peer whose thread is blocked

    (void)server.terminateAndWait(0);
    QVERIFY(QTest::qWaitFor([&server] { return !server.isRunning(); }, 8000));
    QCOMPARE(server.exitCode(), 0);
    const QByteArray log = server.errors();
    QVERIFY2(log.contains("cutting off 1 WebSocket"), log.constData());
    static const QRegularExpression described(u"cutting off session \\d+ \\(closing\\): \\d+ bytes "
                                              "queued, our close frame left \\d+ ms ago, no close "
                                              "frame from the peer, last heard \\d+ ms ago"_s);
    QVERIFY2(described.match(QString::fromUtf8(log)).hasMatch(), log.constData());
}

void tst_Operations::webSocketOptionsApply()
{
    // The auth timeout, heartbeat and channel cap protocol.md calls configurable, from the
    // command line and from the config file.
    QTemporaryDir dir;
    const QString config = writeFile(dir, u"ws.conf"_s, "ws-max-channels = 1\n");
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0,
                 kDemoArgs
                     + QStringList { u"--no-sim"_s, u"--config"_s, config, u"--ws-auth-timeout"_s,
                         u"300"_s, u"--ws-heartbeat"_s, u"200"_s }),
        qPrintable(server.errorString()));

    QElapsedTimer timer;
    timer.start();
    FrameClient silent;
    QSignalSpy connected(&silent.socket, &QWebSocket::connected);
    silent.socket.open(server.socketUrl());
    QVERIFY(connected.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(silent.disconnected, 5000);
    QCOMPARE(silent.closeCode(), 4008);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(u"closed after %1 ms"_s.arg(timer.elapsed())));

    auto client = liveClient(server.socketUrl(), u"demo-manager"_s);
    QVERIFY(client->ops().contains(u"subscribed"_s));
    client->send(uR"({"op":"subscribe","channels":["drivers"]})"_s);
    QTRY_COMPARE(client->frames.size(), 3);
    QCOMPARE(client->frames.at(2).value("error"_L1).toString(), u"too_many_channels"_s);
    QVERIFY2(client->frames.at(2).value("message"_L1).toString().contains(u"at most 1"_s),
        qPrintable(client->frames.at(2).value("message"_L1).toString()));

    // Pings every 200 ms: a peer that stops answering is gone after two of them (the default
    // would take 20 s); the client that answers stays.
    RawWsClient raw;
    QVERIFY(raw.open(server.port()));
    raw.sendText(R"({"op":"auth","token":"demo-manager"})");
    QTRY_VERIFY(raw.lastText().contains("\"ready\""));
    raw.stopReading(0);
    timer.restart();
    const auto aborts = [&] {
        const HttpResult r =
            sendHttp(m_nam, "GET", QUrl(server.baseUrl().toString() + u"/metrics"_s));
        return Exposition::parse(r.body).value("opsboard_ws_heartbeat_aborts_total");
    };
    QTRY_COMPARE_WITH_TIMEOUT(aborts(), 1.0, 5000);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(u"dropped after %1 ms"_s.arg(timer.elapsed())));
    QVERIFY(!client->disconnected);
}

QTEST_GUILESS_MAIN(tst_Operations)
#include "tst_operations.moc"
