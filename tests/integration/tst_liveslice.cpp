// The thin vertical slice, end to end: the real opsboard-server process, the real client stack
// (ApiClient, QueryClient, ConnectionManager, LiveSync, OrdersTableModel) and the MainWindow.

#include <algorithm>

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include "api/apiclient.h"
#include "api/ordersapi.h"
#include "faultproxy.h"
#include "models/orderstablemodel.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "serverprocess.h"
#include "sync/eventmap.h"
#include "sync/session.h"
#include "ui/connectionbadge.h"
#include "ui/mainwindow.h"
#include "ui/orderspanel.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

constexpr auto kToken = "demo-manager";

//! The client side as the app composes it: one Session, one window over it.
struct Client
{
    explicit Client(const ServerProcess &server, const QUrl &socketUrl = {})
        : api(*session.api())
        , queries(*session.queries())
        , connection(*session.connection())
    {
        queries.setRetryPolicy({ 3, 20ms, 200ms });
        connection.setBackoffPolicy({ 20ms, 200ms, 2.0, 1.0 });
        connection.setHeartbeatInterval(500ms);
        window = std::make_unique<MainWindow>(&session);
        orders = window->ordersPanel()->model();
        window->show();
        session.start(server.baseUrl(), QString::fromLatin1(kToken), socketUrl);
    }

    Session session;
    ApiClient &api;
    QueryClient &queries;
    ConnectionManager &connection;
    std::unique_ptr<MainWindow> window;
    OrdersTableModel *orders = nullptr;
};

//! A second dispatcher's plain HTTP client.
QJsonValue http(
    const QByteArray &method, const QUrl &url, const QByteArray &body = {}, int *status = nullptr)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", QByteArray("Bearer ") + kToken);
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

QList<Order> serverOrders(const ServerProcess &server)
{
    QString error;
    auto orders = OrdersApi::parseList(
        http("GET", server.baseUrl().resolved(QUrl(u"/api/orders"_s))), &error);
    return orders.value_or(QList<Order>());
}

//! The model's rows in id order, for comparing with the server's list.
QList<Order> modelOrders(const OrdersTableModel &model)
{
    QList<Order> rows = model.orders();
    std::sort(rows.begin(), rows.end(), [](const Order &a, const Order &b) { return a.id < b.id; });
    return rows;
}

QList<Order> sortedById(QList<Order> rows)
{
    std::sort(rows.begin(), rows.end(), [](const Order &a, const Order &b) { return a.id < b.id; });
    return rows;
}

} // namespace

class tst_LiveSlice : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void restChangeReachesOtherClientsTable();
    void badgeFollowsServerDeathAndRestartAndTableConverges();

private:
    std::unique_ptr<ServerProcess> m_server;
};

void tst_LiveSlice::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QString::fromUtf8(OPS_SERVER_BINARY));
    // Demo data and tokens, but no simulator: the test makes every change itself.
    QVERIFY2(m_server->start(0, { u"--demo"_s, u"--sim-interval"_s, u"3600000"_s }),
        qPrintable(m_server->errorString()));
}

void tst_LiveSlice::restChangeReachesOtherClientsTable()
{
    Client client(*m_server);
    QTRY_COMPARE_WITH_TIMEOUT(client.connection.state(), ConnectionManager::State::Live, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(client.orders->rowCount() > 0, 10000);
    QCOMPARE(client.window->badge()->text(), u"● Live"_s);
    auto *view = client.window->findChild<QTableView *>(u"ordersView"_s);
    QVERIFY(view);
    QCOMPARE(view->model()->rowCount(), client.orders->rowCount());

    // Pick an order that can be assigned and change it from another HTTP client.
    const QList<Order> rows = client.orders->orders();
    const auto it = std::find_if(
        rows.begin(), rows.end(), [](const Order &o) { return o.status == OrderStatus::New; });
    QVERIFY(it != rows.end());
    const Order target = *it;
    const int row = client.orders->rowOf(target.id);

    QSignalSpy changed(client.orders, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(client.orders, &QAbstractItemModel::modelAboutToBeReset);
    int status = 0;
    http("PATCH", m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + target.id)),
        R"({"status":"assigned"})", &status);
    QCOMPARE(status, 200);

    QTRY_COMPARE_WITH_TIMEOUT(
        Ops::toString(client.orders->orders().at(row).status), u"assigned"_s, 5000);
    QCOMPARE(client.orders->orders().at(row).version, target.version + 1);
    // The row's own dataChanged (the drivers list landing late may add one over the driver
    // column of every row: that one is not this change).
    const bool rowChanged = std::any_of(changed.begin(), changed.end(), [row](const auto &args) {
        const QModelIndex from = args.at(0).toModelIndex();
        const QModelIndex to = args.at(1).toModelIndex();
        return from.row() <= row && row <= to.row()
            && from.column() <= int(OrdersTableModel::StatusColumn)
            && int(OrdersTableModel::StatusColumn) <= to.column();
    });
    QVERIFY(rowChanged);
    QCOMPARE(reset.size(), 0); // a changed row is never a model reset
}

void tst_LiveSlice::badgeFollowsServerDeathAndRestartAndTableConverges()
{
    // The socket goes through a proxy, so the test can keep this client away while others write.
    FaultProxy proxy(m_server->port());
    QVERIFY(proxy.listen());
    Client client(*m_server, QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(proxy.port())));
    QTRY_COMPARE_WITH_TIMEOUT(client.connection.state(), ConnectionManager::State::Live, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(client.orders->rowCount() > 0, 10000);

    m_server->kill();
    QTRY_COMPARE_WITH_TIMEOUT(
        client.window->badge()->state(), ConnectionManager::State::Reconnecting, 5000);
    QVERIFY(client.window->badge()->text().startsWith(u"Reconnecting"_s));

    // Still away from this client's point of view. A reconnect attempt may already have reached
    // the proxy while the server was down (its upstream connect still in flight); cut it too, or
    // it reaches the restarted server before the writes below.
    proxy.setRefusing(true);
    proxy.cutAll();
    QCOMPARE(proxy.openConnections(), 0);
    QVERIFY2(m_server->restart(), qPrintable(m_server->errorString()));
    // While this client was away, another dispatcher changed two orders.
    const QList<Order> before = serverOrders(*m_server);
    QVERIFY(!before.isEmpty());
    int changedCount = 0;
    for (const Order &o : before) {
        if (o.status != OrderStatus::New)
            continue;
        int status = 0;
        http("PATCH", m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + o.id)),
            R"({"status":"cancelled","reason":"customer called"})", &status);
        QCOMPARE(status, 200);
        if (++changedCount == 2)
            break;
    }
    QCOMPARE(changedCount, 2);
    // Every message is recorded: on a slow machine the 8 s message may time out before the
    // table has converged.
    QSignalSpy messages(client.window->statusBar(), &QStatusBar::messageChanged);
    proxy.setRefusing(false);

    QTRY_COMPARE_WITH_TIMEOUT(
        client.window->badge()->state(), ConnectionManager::State::Live, 10000);
    const QList<Order> expected = sortedById(serverOrders(*m_server));
    QTRY_COMPARE_WITH_TIMEOUT(modelOrders(*client.orders), expected, 10000);
    // The dispatcher is told what happened while away: the two changes were replayed.
    const auto caughtUp = [&messages] {
        return std::any_of(messages.cbegin(), messages.cend(), [](const QList<QVariant> &args) {
            return args.at(0).toString().contains(u"2 updates caught up"_s);
        });
    };
    QTRY_VERIFY2(caughtUp(), qPrintable(client.window->statusBar()->currentMessage()));
}

QTEST_MAIN(tst_LiveSlice)
#include "tst_liveslice.moc"
