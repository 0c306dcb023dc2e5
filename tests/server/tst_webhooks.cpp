// Webhooks out, with real receivers on loopback (tests/shared/webhookreceiver.h) and the real
// server process: every event an endpoint wants arrives in seq order, at least once, signed, with
// an id to drop repeats, through a receiver that fails, stalls and is down for a while and a
// server killed (SIGKILL) in the middle of a delivery; endpoints filter by type and region and a
// new one starts at the head; the log keeps what an endpoint has not received yet.

#include <memory>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QTemporaryDir>
#include <QTest>

#include "exposition.h"
#include "frameclient.h"
#include "server/domain/orderservice.h"
#include "server/opsserver.h"
#include "server/webhooks/webhookendpoint.h"
#include "serverprocess.h"
#include "webhookreceiver.h"

using namespace Qt::StringLiterals;

namespace {

const QByteArray kSecret = "s3cret-webhook-key-0001";

//! A delivery as the receiver saw it, checked against the signature.
struct Delivery
{
    QByteArray id;
    qint64 seq = 0;
    QString type;
    QString region;
    bool signatureOk = false;
    WebhookReceiver::Mode answer;
};

Delivery readDelivery(const WebhookReceiver::Request &r, const QByteArray &secret)
{
    Delivery d;
    d.id = r.headers.value("opsboard-webhook-id");
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    const QJsonObject event = body.value("event"_L1).toObject();
    d.seq = event.value("seq"_L1).toInteger();
    d.type = event.value("type"_L1).toString();
    d.region = event.value("region"_L1).toString();
    const qint64 timestamp = r.headers.value("opsboard-webhook-timestamp").toLongLong();
    d.signatureOk = body.value("id"_L1).toString().toUtf8() == d.id
        && Ops::WebhookSignature::verify(
            secret, timestamp, r.body, r.headers.value("opsboard-webhook-signature"))
        && qAbs(QDateTime::currentSecsSinceEpoch() - timestamp) < 600;
    d.answer = r.answeredWith;
    return d;
}

} // namespace

class tst_Webhooks : public QObject
{
    Q_OBJECT

private:
    QString writeConfig(const QString &name, const QString &body);
    HttpResult request(ServerProcess &server, const QByteArray &verb, const QString &path,
        const QByteArray &body = {});
    //! Edits the notes of an order of \a region: one `order.updated`; its seq.
    qint64 write(ServerProcess &server, const QString &region = u"north"_s);
    double metric(ServerProcess &server, const QByteArray &name, const QByteArray &endpoint);

    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
    int m_writes = 0;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void everyEventArrivesInOrderThroughFailuresStallsOutagesAndAKill();
    void endpointsFilterAndANewOneStartsAtTheHead();
    void theLogKeepsWhatAnEndpointHasNotReceived();
    void badWebhookConfigStopsTheStart();
};

QString tst_Webhooks::writeConfig(const QString &name, const QString &body)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(body.toUtf8());
    return path;
}

HttpResult tst_Webhooks::request(
    ServerProcess &server, const QByteArray &verb, const QString &path, const QByteArray &body)
{
    return sendHttp(m_nam, verb, QUrl(server.baseUrl().toString() + path), u"demo-manager"_s, body);
}

qint64 tst_Webhooks::write(ServerProcess &server, const QString &region)
{
    // An open order: a final one changes only by a correction, with a reason.
    const HttpResult list = request(server, "GET",
        u"/api/orders?region=%1&status=new,assigned,picked_up,in_transit&limit=1"_s.arg(region));
    const QString id = list.json.array().at(0).toObject().value("id"_L1).toString();
    const HttpResult r = request(server, "PATCH", u"/api/orders/%1"_s.arg(id),
        u"{\"notes\":\"change %1\"}"_s.arg(++m_writes).toUtf8());
    if (r.status != 200)
        return -1;
    return r.headers.value("opsboard-position").split(':').value(1).toLongLong();
}

double tst_Webhooks::metric(
    ServerProcess &server, const QByteArray &name, const QByteArray &endpoint)
{
    const Exposition e = Exposition::parse(request(server, "GET", u"/metrics"_s).body);
    return e.value(name, { { "endpoint", endpoint } });
}

void tst_Webhooks::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_nam.setProxy(QNetworkProxy::NoProxy);
}

void tst_Webhooks::cleanupTestCase()
{
    m_nam.clearConnectionCache();
}

void tst_Webhooks::everyEventArrivesInOrderThroughFailuresStallsOutagesAndAKill()
{
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const QString config = writeConfig(u"hooks.conf"_s,
        u"# the shop wants to hear about its orders\n"
        "webhook.shop.url = http://127.0.0.1:%1/hooks/opsboard\n"
        "webhook.shop.events = order.created, order.updated, import.created\n"
        "webhook.shop.secret = %2\n"
        "webhook-timeout = 400\n"
        "webhook-retry-initial = 20\n"
        "webhook-retry-max = 200\n"_s.arg(receiver.port())
            .arg(QString::fromLatin1(kSecret)));
    // No ETAs: the ETA engine's own order.updated writes would come between the test's.
    const QStringList args { u"--config"_s, config, u"--demo"_s, u"--no-sim"_s, u"--no-eta"_s,
        u"--alert-interval"_s, u"0"_s, u"--orders"_s, u"20"_s };
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, args), qPrintable(server.errorString()));
    QList<qint64> expected;
    const auto acceptedSeqs = [&receiver] {
        QList<qint64> seqs;
        for (const auto &r : receiver.accepted())
            seqs.append(readDelivery(r, kSecret).seq);
        return seqs;
    };
    const auto received = [&](qint64 seq) { return acceptedSeqs().contains(seq); };

    // 1. It answers: deliveries go out as the events are committed.
    for (int i = 0; i < 3; ++i)
        expected.append(write(server));
    QTRY_VERIFY_WITH_TIMEOUT(received(expected.last()), 10000);
    // The receiver records a delivery before its 200 reaches the server, which moves the cursor.
    QTRY_COMPARE_WITH_TIMEOUT(metric(server, "opsboard_webhook_pending", "shop"), 0.0, 10000);

    // 2. It fails (500): the same event again and again, never the next one.
    receiver.setMode(WebhookReceiver::Mode::Fail);
    const qsizetype beforeFail = receiver.requests().size(); // 3, more if a 200 came too late
    for (int i = 0; i < 3; ++i)
        expected.append(write(server));
    QTRY_VERIFY_WITH_TIMEOUT(receiver.requests().size() >= beforeFail + 3, 10000);
    for (qsizetype i = beforeFail; i < receiver.requests().size(); ++i)
        QCOMPARE(readDelivery(receiver.requests().at(i), kSecret).seq, expected.at(3));
    QTRY_COMPARE_WITH_TIMEOUT(metric(server, "opsboard_webhook_pending", "shop"), 3.0, 10000);
    QVERIFY(metric(server, "opsboard_webhook_failed_attempts_total", "shop") >= 3);

    // 3. It stalls (takes the request, never answers): the timeout counts it as failed.
    receiver.setMode(WebhookReceiver::Mode::Stall);
    const qsizetype beforeStall = receiver.requests().size();
    QTRY_VERIFY_WITH_TIMEOUT(receiver.requests().size() >= beforeStall + 2, 10000);

    // 4. It is down (connection refused) while more happens.
    receiver.goDown();
    const double failedBefore = metric(server, "opsboard_webhook_failed_attempts_total", "shop");
    for (int i = 0; i < 2; ++i)
        expected.append(write(server));
    QTRY_VERIFY_WITH_TIMEOUT(
        metric(server, "opsboard_webhook_failed_attempts_total", "shop") >= failedBefore + 3,
        10000);

    // 5. Back, but stalling: the server is killed (SIGKILL) with a delivery in flight.
    QVERIFY(receiver.listen(receiver.port()));
    receiver.setMode(WebhookReceiver::Mode::Stall);
    QTRY_VERIFY_WITH_TIMEOUT(receiver.stalled() >= 1, 10000);
    server.kill();
    receiver.setMode(WebhookReceiver::Mode::Accept);
    QVERIFY2(server.start(server.port(), args), qPrintable(server.errorString()));
    for (int i = 0; i < 2; ++i)
        expected.append(write(server));

    // Everything arrives, in order.
    QTRY_VERIFY_WITH_TIMEOUT(received(expected.last()), 20000);
    QList<qint64> firstSeen;
    qint64 lastAttempted = 0;
    QString epoch;
    for (const auto &r : receiver.requests()) {
        const Delivery d = readDelivery(r, kSecret);
        QVERIFY2(d.signatureOk, d.id.constData());
        QCOMPARE(d.type, u"order.updated"_s);
        // Attempts never go back in the log (a retry repeats the same event).
        QVERIFY2(
            d.seq >= lastAttempted, qPrintable(u"%1 after %2"_s.arg(d.seq).arg(lastAttempted)));
        lastAttempted = d.seq;
        const QList<QByteArray> idParts = d.id.split(':');
        QCOMPARE(idParts.value(1).toLongLong(), d.seq);
        if (epoch.isEmpty())
            epoch = QString::fromUtf8(idParts.value(0));
        QCOMPARE(QString::fromUtf8(idParts.value(0)), epoch);
        if (d.answer == WebhookReceiver::Mode::Accept && !firstSeen.contains(d.seq))
            firstSeen.append(d.seq);
    }
    QCOMPARE(firstSeen, expected);
    QTRY_COMPARE_WITH_TIMEOUT(metric(server, "opsboard_webhook_pending", "shop"), 0.0, 10000);
    const double age = metric(server, "opsboard_webhook_last_success_age_seconds", "shop");
    QVERIFY(age >= 0 && age < 60);
    QVERIFY(metric(server, "opsboard_webhook_deliveries_total", "shop") >= expected.size());
    server.stop();
}

void tst_Webhooks::endpointsFilterAndANewOneStartsAtTheHead()
{
    WebhookReceiver north;
    WebhookReceiver imports;
    QVERIFY(north.listen());
    QVERIFY(imports.listen());
    const QStringList base { u"--demo"_s, u"--no-sim"_s, u"--no-eta"_s, u"--alert-interval"_s,
        u"0"_s, u"--orders"_s, u"40"_s };
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, base), qPrintable(server.errorString()));
    const qint64 before = write(server); // before any endpoint existed
    server.stop();
    const QString secretFile = m_dir.filePath(u"imports.secret"_s);
    QFile secret(secretFile);
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("another-secret-of-20\n");
    secret.close();
    const QString config = writeConfig(u"filters.conf"_s,
        u"webhook.north.url = http://127.0.0.1:%1/n\n"
        "webhook.north.regions = north\n"
        "webhook.north.secret = %2\n"
        "webhook.imports.url = http://127.0.0.1:%3/i\n"
        "webhook.imports.events = import.created\n"
        "webhook.imports.secret-file = %4\n"_s.arg(north.port())
            .arg(QString::fromLatin1(kSecret))
            .arg(imports.port())
            .arg(secretFile));
    QVERIFY2(server.start(server.port(), base + QStringList { u"--config"_s, config }),
        qPrintable(server.errorString()));
    const qint64 south = write(server, u"south"_s);
    const qint64 inNorth = write(server, u"north"_s);
    const QByteArray csv = "externalRef,customer,pickup,dropoff,dueAt,region,amount\nWH-1,Cafe,"
                           "Depot,1 St,"
        + QDateTime::currentDateTimeUtc().addSecs(7200).toString(Qt::ISODate).toUtf8()
        + ",south,5\n";
    const HttpResult imported =
        sendHttp(m_nam, "POST", QUrl(server.baseUrl().toString() + u"/api/orders/import"_s),
            u"demo-manager"_s, csv, { { "Content-Type", "text/csv" } });
    QCOMPARE(imported.status, 200);
    const qint64 importSeq =
        imported.json.object().value("position"_L1).toObject().value("seq"_L1).toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(!north.accepted().isEmpty() && north.accepted().size() >= 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(imports.accepted().size(), 1, 10000);
    QList<qint64> northSeqs;
    for (const auto &r : north.accepted())
        northSeqs.append(readDelivery(r, kSecret).seq);
    // The north endpoint: its region and events of every region (the import), nothing from
    // before it existed, nothing of the south.
    QCOMPARE(northSeqs, (QList<qint64> { inNorth, importSeq }));
    QVERIFY(!northSeqs.contains(before) && !northSeqs.contains(south));
    const Delivery import = readDelivery(imports.accepted().at(0), "another-secret-of-20");
    QVERIFY(import.signatureOk); // its own secret
    QCOMPARE(import.type, u"import.created"_s);
    QCOMPARE(import.seq, importSeq);
    QVERIFY(!readDelivery(imports.accepted().at(0), kSecret).signatureOk);
    server.stop();
}

void tst_Webhooks::theLogKeepsWhatAnEndpointHasNotReceived()
{
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const quint16 port = receiver.port();
    receiver.goDown();
    Ops::OpsServer server;
    QVERIFY(server.openStore(m_dir.filePath(u"retention.sqlite"_s)).ok());
    Ops::Order draft;
    draft.customer = u"Cafe"_s;
    draft.region = u"north"_s;
    draft.dueAt = QDateTime::currentDateTimeUtc().addSecs(3600);
    QVERIFY(server.orders().create(draft, u"test"_s).ok());
    server.startWebhooks({ Ops::WebhookEndpoint { u"slow"_s,
                             QUrl(u"http://127.0.0.1:%1/"_s.arg(port)), {}, {}, kSecret } },
        Ops::WebhookTimings { std::chrono::milliseconds(300), std::chrono::milliseconds(10),
            std::chrono::milliseconds(50) });
    for (int i = 0; i < 5; ++i)
        QVERIFY(server.orders().create(draft, u"test"_s).ok());
    const qint64 head = server.store().log().head().seq;
    // Retention would keep one event; the endpoint is down and has received none of the five.
    server.setRetention(1, std::chrono::seconds(3600), std::chrono::minutes(10));
    server.trimLog();
    QCOMPARE(server.store().log().loggedAfter(head - 5, 100).size(), 5);
    QCOMPARE(server.store().log().oldestSeq(), head - 4);
    // Back: it receives them, and the log may let them go.
    QVERIFY(receiver.listen(port));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted().size(), 5, 10000);
    QTRY_COMPARE(server.webhooks()->status().at(0).cursor, head);
    server.trimLog();
    QCOMPARE(server.store().log().oldestSeq(), head);
}

void tst_Webhooks::badWebhookConfigStopsTheStart()
{
    struct Case
    {
        QString config;
        QByteArray says;
    };
    const QList<Case> cases {
        { u"webhook.a.url = ftp://x/\nwebhook.a.secret = 0123456789abcdef\n"_s, "http" },
        { u"webhook.a.url = http://127.0.0.1:1/\n"_s, "secret" },
        { u"webhook.a.url = http://127.0.0.1:1/\nwebhook.a.secret = short\n"_s, "16" },
        { u"webhook.a.url = http://127.0.0.1:1/\nwebhook.a.secret = 0123456789abcdef\n"
          "webhook.a.events = order.exploded\n"_s,
            "order.exploded" },
        { u"webhook.a.colour = blue\n"_s, "unknown key" },
    };
    for (const Case &c : cases) {
        const QString path = writeConfig(u"bad.conf"_s, c.config);
        ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
        server.setCaptureErrors(true);
        QVERIFY(!server.start(0, { u"--config"_s, path, u"--demo"_s, u"--no-sim"_s }));
        QVERIFY2(server.errors().contains(c.says), server.errors().constData());
        QVERIFY2(server.errors().contains("bad.conf:"), server.errors().constData());
    }
}

QTEST_GUILESS_MAIN(tst_Webhooks)
#include "tst_webhooks.moc"
