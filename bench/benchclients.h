// Shared by the client-side benches: the app's client stack (app/dashboard/main.cpp's
// ClientStack without the window), many of them spread over worker threads, each thread with its
// own event loop. Header-only on purpose: bench code, not a library.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include <QAbstractItemModel>
#include <QCommandLineOption>
#include <QCoreApplication>
#include <QEventLoop>
#include <QList>
#include <QMetaObject>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include "api/apiclient.h"
#include "benchsupport.h"
#include "keys/querykeys.h"
#include "models/orderstablemodel.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "sync/eventmap.h"
#include "sync/livesync.h"
#include "sync/restqueryfn.h"

namespace OpsBench {

using namespace Qt::StringLiterals;

//! `--clients <n>`: how many dashboard clients the bench runs; \a defaultCount unless given.
inline QCommandLineOption clientsOption(const QString &defaultCount)
{
    return QCommandLineOption(u"clients"_s, u"Clients."_s, u"n"_s, defaultCount);
}

//! `--threads <n>`: the worker threads the client stacks are spread over; 2 unless given.
inline QCommandLineOption threadsOption()
{
    return QCommandLineOption(u"threads"_s, u"Client threads."_s, u"n"_s, u"2"_s);
}

//! `--server-binary <path>`: the opsboard-server the bench starts; \a defaultPath unless given.
inline QCommandLineOption serverBinaryOption(const QString &defaultPath)
{
    return QCommandLineOption(
        u"server-binary"_s, u"opsboard-server to run."_s, u"path"_s, defaultPath);
}

inline QUrl socketUrl(const QUrl &base)
{
    QUrl ws = base;
    ws.setScheme(base.scheme() == "https"_L1 ? u"wss"_s : u"ws"_s);
    ws.setPath(u"/ws"_s);
    return ws;
}

//! One dashboard client without the window: REST + query cache + live connection + sync +
//! the orders table model, wired as app/dashboard/main.cpp wires them.
struct ClientStack
{
    ClientStack(const QUrl &base, const QString &token, int index)
        : index(index)
    {
        api.setBaseUrl(base);
        api.setToken(token);
        const Ops::QueryFn rest = Ops::restQueryFn(&api);
        queries.setDefaultQueryFn([this, rest](const Ops::QueryContext &context) {
            fetches.fetch_add(1, std::memory_order_relaxed);
            // As restQueryFn decides: a list with a cached value and position reads a delta.
            if (!context.previousData().isArray() || !context.meta().toMap().contains(u"seq"_s))
                fullFetches.fetch_add(1, std::memory_order_relaxed);
            rest(context);
        });
        connection.setUrl(socketUrl(base));
        connection.setToken(token);
        connection.setRandomSeed(quint32(index) * 2654435761u + 1u);
        sync =
            std::make_unique<Ops::LiveSync>(&connection, &api, &queries, Ops::EventMap::builtIn());
        orders = std::make_unique<Ops::OrdersTableModel>(&queries, Ops::QueryKeys::orders());
    }

    int index;
    std::atomic<qint64> fetches { 0 }; //!< query-function calls (REST fetches started)
    std::atomic<qint64> fullFetches { 0 }; //!< of those, full reads (no delta `?since=`)
    Ops::ApiClient api;
    Ops::QueryClient queries;
    Ops::ConnectionManager connection;
    std::unique_ptr<Ops::LiveSync> sync;
    std::unique_ptr<Ops::OrdersTableModel> orders;
};

//! A thread with an event loop that owns some stacks (ClientStack, or another with the same
//! constructor). Stacks are created and destroyed in that thread; run() executes a function
//! there and waits for it.
template<typename Stack> class StackThreadOf
{
public:
    StackThreadOf()
    {
        m_thread.start();
        m_context = std::make_unique<QObject>();
        m_context->moveToThread(&m_thread);
    }
    ~StackThreadOf()
    {
        run([this] {
            m_stacks.clear();
            m_context.reset();
        });
        m_thread.quit();
        m_thread.wait();
    }
    Q_DISABLE_COPY_MOVE(StackThreadOf)

    //! Runs \a fn in the thread and waits for it.
    void run(const std::function<void()> &fn)
    {
        QMetaObject::invokeMethod(m_context.get(), fn, Qt::BlockingQueuedConnection);
    }
    //! Runs \a fn in the thread later (no wait).
    void post(const std::function<void()> &fn)
    {
        QMetaObject::invokeMethod(m_context.get(), fn, Qt::QueuedConnection);
    }
    //! Creates a stack in the thread; \a setup runs there right after (connect signals, open).
    Stack *add(const QUrl &base, const QString &token, int index,
        const std::function<void(Stack &)> &setup)
    {
        Stack *created = nullptr;
        run([&] {
            m_stacks.push_back(std::make_unique<Stack>(base, token, index));
            created = m_stacks.back().get();
            setup(*created);
        });
        return created;
    }
    [[nodiscard]] const std::vector<std::unique_ptr<Stack>> &stacks() const { return m_stacks; }

private:
    QThread m_thread;
    std::unique_ptr<QObject> m_context;
    std::vector<std::unique_ptr<Stack>> m_stacks;
};

using StackThread = StackThreadOf<ClientStack>;

//! Counts a client stack in \a ready once: the first time its \a connection is live and
//! \a loaded() holds (checked on every state change and whenever \a model gains rows). Counts
//! in \a liveLosses every time a ready client leaves Live.
inline void countReadiness(Ops::ConnectionManager &connection, QAbstractItemModel *model,
    std::function<bool()> loaded, std::atomic<int> &ready, std::atomic<qint64> &liveLosses)
{
    auto isReady = std::make_shared<bool>(false);
    const auto check = [&connection, loaded = std::move(loaded), &ready, isReady] {
        if (!*isReady && connection.isLive() && loaded()) {
            *isReady = true;
            ready.fetch_add(1);
        }
    };
    QObject::connect(&connection, &Ops::ConnectionManager::stateChanged, model,
        [check, &liveLosses, isReady](Ops::ConnectionManager::State s) {
            if (*isReady && s != Ops::ConnectionManager::State::Live)
                liveLosses.fetch_add(1);
            check();
        });
    QObject::connect(model, &QAbstractItemModel::rowsInserted, model, check);
    QObject::connect(model, &QAbstractItemModel::modelReset, model, check);
}

//! Runs the calling thread's event loop until \a done() is true (checked every 5 ms) or
//! \a timeoutMs passed; false on timeout.
inline bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    const qint64 until = nowNs() + qint64(timeoutMs) * 1'000'000;
    bool ok = false;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done()) {
            ok = true;
            loop.quit();
        } else if (nowNs() > until) {
            loop.quit();
        }
    });
    check.start(5);
    loop.exec();
    return ok;
}

} // namespace OpsBench
