// A bounded, seeded chaos run: the real opsboard-server with its simulator writing, one client
// stack behind a fault proxy, and random faults — cuts, half-open links, delay, kill -9 and
// restart. It checks that the client converges to the server's state whenever it says Live, that
// it never claims Live while events cannot reach it, and that no event is applied twice.
//
// OPS_CHAOS_SECONDS (default 15) and OPS_CHAOS_SEED (default 42) set length and fault sequence.

#include <cstdio>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include "api/apiclient.h"
#include "api/ordersapi.h"
#include "faultproxy.h"
#include "keys/querykeys.h"
#include "models/orderstablemodel.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "serverprocess.h"
#include "sync/eventmap.h"
#include "sync/livesync.h"
#include "sync/restqueryfn.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

constexpr auto kToken = "demo-manager";
constexpr auto kHeartbeat = 200ms;

QList<Order> sortedById(QList<Order> rows)
{
    std::sort(rows.begin(), rows.end(), [](const Order &a, const Order &b) { return a.id < b.id; });
    return rows;
}

} // namespace

class tst_Chaos : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chaos();

private:
    QList<Order> serverOrders(quint16 port);
    bool converged(const OrdersTableModel &model, quint16 port);
};

QList<Order> tst_Chaos::serverOrders(quint16 port)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/api/orders"_s.arg(port)));
    request.setRawHeader("Authorization", QByteArray("Bearer ") + kToken);
    request.setTransferTimeout(3000);
    QNetworkReply *reply = nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(5000);
    QString error;
    const auto orders =
        OrdersApi::parseList(QJsonDocument::fromJson(reply->readAll()).array(), &error);
    reply->deleteLater();
    return sortedById(orders.value_or(QList<Order>()));
}

bool tst_Chaos::converged(const OrdersTableModel &model, quint16 port)
{
    const QList<Order> server = serverOrders(port);
    return !server.isEmpty() && sortedById(model.orders()) == server;
}

void tst_Chaos::chaos()
{
    const int seconds = qEnvironmentVariableIsSet("OPS_CHAOS_SECONDS")
        ? qEnvironmentVariableIntValue("OPS_CHAOS_SECONDS")
        : 15;
    const quint32 seed = qEnvironmentVariableIsSet("OPS_CHAOS_SEED")
        ? quint32(qEnvironmentVariableIntValue("OPS_CHAOS_SEED"))
        : 42;
    QRandomGenerator rng(seed);

    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(
        server.start(
            0, { u"--demo"_s, u"--sim-interval"_s, u"150"_s, u"--seed"_s, QString::number(seed) }),
        qPrintable(server.errorString()));
    FaultProxy proxy(server.port());
    QVERIFY(proxy.listen());
    const QUrl base(u"http://127.0.0.1:%1"_s.arg(proxy.port()));

    ApiClient api;
    api.setBaseUrl(base);
    api.setToken(QString::fromLatin1(kToken));
    api.setDefaultTimeout(2s);
    QueryClient queries;
    queries.setDefaultQueryFn(restQueryFn(&api));
    queries.setRetryPolicy({ 2, 50ms, 400ms });
    ConnectionManager connection;
    connection.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(proxy.port())));
    connection.setToken(QString::fromLatin1(kToken));
    connection.setBackoffPolicy({ 50ms, 1s, 2.0, 1.0 });
    connection.setHeartbeatInterval(kHeartbeat);
    connection.setConnectTimeout(2s);
    connection.setRandomSeed(seed);
    LiveSync sync(&connection, &api, &queries, EventMap::builtIn());
    OrdersTableModel orders(&queries, QueryKeys::orders());

    // No event applied twice: every delivered (epoch, seq) is new.
    QSet<QString> delivered;
    int duplicates = 0;
    connect(&connection, &ConnectionManager::eventReceived, this, [&](const ChangeEvent &e) {
        const QString id = e.epoch + u':' + QString::number(e.seq);
        if (delivered.contains(id))
            ++duplicates;
        delivered.insert(id);
    });

    // Never Live while events cannot arrive: sampled every 20 ms. Detection may take two
    // heartbeat intervals plus one tick of the check, so only longer claims are violations.
    QElapsedTimer unreachableFor;
    int liesDetected = 0;
    QTimer honesty;
    connect(&honesty, &QTimer::timeout, this, [&] {
        if (unreachableFor.isValid() && connection.isLive()
            && unreachableFor.elapsed() > 2 * kHeartbeat.count() + 250)
            ++liesDetected;
    });
    honesty.start(20);

    connection.open();
    QTRY_VERIFY_WITH_TIMEOUT(connection.isLive(), 10000);

    int checks = 0;
    int passed = 0;
    const auto checkConvergence = [&](const char *after) {
        ++checks;
        // A condition wait: the simulator keeps writing, so poll until a snapshot matches.
        if (QTest::qWaitFor(
                [&] { return connection.isLive() && converged(orders, server.port()); }, 15000))
            ++passed;
        else
            std::printf("CHAOS no convergence after %s\n", after);
    };

    QElapsedTimer run;
    run.start();
    int faults = 0;
    while (run.elapsed() < seconds * 1000) {
        const int kind = int(rng.bounded(4));
        const int holdMs = 300 + int(rng.bounded(1200));
        const char *name = "";
        switch (kind) {
        case 0:
            name = "cut";
            proxy.cutAll();
            break;
        case 1: {
            name = "half-open";
            proxy.setBlackhole(true);
            unreachableFor.start();
            QTRY_VERIFY_WITH_TIMEOUT(!connection.isLive(), 5000);
            QTest::qWait(holdMs);
            proxy.setBlackhole(false);
            unreachableFor.invalidate();
            proxy.cutAll(); // the dead NAT entry goes away
            break;
        }
        case 2:
            name = "delay";
            proxy.setDelay(30 + int(rng.bounded(120)));
            QTest::qWait(holdMs);
            proxy.setDelay(0);
            break;
        case 3:
            name = "kill -9 + restart";
            unreachableFor.start();
            server.kill();
            QTRY_VERIFY_WITH_TIMEOUT(!connection.isLive(), 5000);
            QTest::qWait(holdMs);
            QVERIFY2(server.restart(), qPrintable(server.errorString()));
            proxy.setUpstreamPort(server.port());
            unreachableFor.invalidate();
            break;
        }
        ++faults;
        checkConvergence(name);
    }
    checkConvergence("the end");
    honesty.stop();

    std::printf("CHAOS seed %u, %d s, %d faults: checks made %d, checks passed %d, events %lld, "
                "duplicates %d, false Live claims %d\n",
        seed, seconds, faults, checks, passed, qlonglong(delivered.size()), duplicates,
        liesDetected);
    std::fflush(stdout);
    QCOMPARE(passed, checks);
    QCOMPARE(duplicates, 0);
    QCOMPARE(liesDetected, 0);
    QVERIFY(delivered.size() > 0);
}

QTEST_GUILESS_MAIN(tst_Chaos)
#include "tst_chaos.moc"
