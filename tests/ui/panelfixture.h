#pragma once

// The real server (in process, real HTTP and WebSocket on loopback, its own SQLite file) and
// the client stack the app composes (ApiClient, QueryClient with the REST query function,
// ConnectionManager, LiveSync with the built-in event map), shared by the panel tests.

#include <chrono>
#include <memory>

#include <QDir>
#include <QHostAddress>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

#include "api/apiclient.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "server/demo/demodata.h"
#include "server/domain/auth.h"
#include "server/opsserver.h"
#include "sync/eventmap.h"
#include "sync/livesync.h"
#include "sync/restqueryfn.h"

struct PanelFixture
{
    explicit PanelFixture(const QString &token = QStringLiteral("demo-manager"))
    {
        using namespace std::chrono_literals;
        server.setAuth(Ops::Demo::users());
        ok = dir.isValid() && server.openStore(dir.filePath(QStringLiteral("ops.sqlite"))).ok()
            && Ops::Demo::seedOrders(server.store(), 40, 11).ok()
            && Ops::Demo::seedDrivers(server.store(), 8, 3).ok();
        port = server.listen(QHostAddress::LocalHost, 0);
        ok = ok && port != 0;
        api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        api.setToken(token);
        queries.setDefaultQueryFn(Ops::restQueryFn(&api));
        queries.setRetryPolicy({ 0, 20ms, 200ms });
        connection.setUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
        connection.setToken(token);
        connection.setChannels(token == QStringLiteral("demo-manager")
                ? QStringList { QStringLiteral("orders"), QStringLiteral("drivers"),
                    QStringLiteral("kpis"), QStringLiteral("alerts"), QStringLiteral("payments") }
                : QStringList { QStringLiteral("orders"), QStringLiteral("drivers"),
                    QStringLiteral("kpis"), QStringLiteral("alerts") });
        connection.setBackoffPolicy({ 20ms, 200ms, 2.0, 1.0 });
        sync =
            std::make_unique<Ops::LiveSync>(&connection, &api, &queries, Ops::EventMap::builtIn());
    }

    //! Opens the socket and waits until events flow.
    bool goLive()
    {
        connection.open();
        return QTest::qWaitFor(
            [this] { return connection.state() == Ops::ConnectionManager::State::Live; }, 10000);
    }

    //! Saves \a widget as <OPS_SCREENSHOT_DIR>/<name>.png when that variable is set.
    static void screenshot(QWidget *widget, const QString &name)
    {
        const QString dirName = qEnvironmentVariable("OPS_SCREENSHOT_DIR");
        if (dirName.isEmpty())
            return;
        QDir().mkpath(dirName);
        widget->grab().save(QDir(dirName).filePath(name + QStringLiteral(".png")));
    }

    QTemporaryDir dir;
    Ops::OpsServer server;
    quint16 port = 0;
    bool ok = false;
    Ops::ApiClient api;
    Ops::QueryClient queries;
    Ops::ConnectionManager connection;
    std::unique_ptr<Ops::LiveSync> sync;
};
