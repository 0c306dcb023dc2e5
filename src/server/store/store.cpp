#include "store.h"

#include <QSqlDatabase>

#include "core/logging.h"
#include "notificationlink.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace Ops {

Store::Store(QObject *parent)
    : QObject(parent)
    , m_context { m_database, m_log,
        [this](const ChangeEvent &event, const QString &region) { announce(event, region); } }
{
    connect(&m_poll, &QTimer::timeout, this, &Store::catchUp);
    m_poll.setInterval(std::chrono::seconds(1));
}

Store::~Store()
{
    close();
}

bool Store::isOpen() const
{
    return m_database.isOpen();
}

void Store::close()
{
    m_poll.stop();
    m_link.reset();
    m_database.close();
    m_log.setEpoch({});
}

Error Store::open(const QString &location)
{
    DatabaseLocation parsed;
    if (const Error e = DatabaseLocation::parse(location, &parsed); !e.ok())
        return e;
    return open(parsed);
}

Error Store::open(const DatabaseLocation &location)
{
    close();
    Error error = m_database.open(location);
    if (error.ok())
        error = m_log.loadEpoch();
    if (error.ok()) {
        // Only what is committed from now on is this instance's to deliver: sessions start at
        // the head or replay from the log themselves.
        const auto head = EventLog::readHead(m_database.connection());
        if (!head)
            error = Sql::storageError(m_database.connection(), u"cannot read the event-log head"_s);
        else
            m_cursor = head->seq;
    }
    if (!error.ok()) {
        close();
        return error;
    }
    if (isPostgres()) {
        m_link = std::make_unique<NotificationLink>(
            connectionName(), connectionName() + u"-listen"_s, NotificationChannel.toString());
        connect(
            m_link.get(), &NotificationLink::notified, this, &Store::catchUp, Qt::QueuedConnection);
        connect(m_link.get(), &NotificationLink::upChanged, this, &Store::notificationLinkChanged);
        m_link->start();
    }
    m_poll.start();
    qCInfo(lcServerDb) << "opened" << location.displayName() << "schema" << schemaVersion()
                       << "epoch" << epoch();
    return {};
}

Error Store::insertInitialState(const InitialState &state)
{
    const QSqlDatabase db = m_database.connection();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Immediate);
    if (!tx.isActive())
        return Sql::storageError(db, u"database not open"_s);
    if (!OrderRepository::insertInitial(db, state.orders))
        return Sql::storageError(db, u"cannot insert the initial orders"_s);
    if (!OrderRepository::insertInitialHistory(db, state.history))
        return Sql::storageError(db, u"cannot insert the initial order history"_s);
    if (!DriverRepository::insertInitial(db, state.drivers))
        return Sql::storageError(db, u"cannot insert the initial drivers"_s);
    for (const auto &[orderId, driverId] : state.orderDrivers) {
        QSqlQuery q(db);
        q.prepare(u"UPDATE orders SET driver_id = ? WHERE id = ?"_s);
        Sql::bind(q, { driverId, orderId });
        if (!Sql::run(q, "initial driver"_L1) || q.numRowsAffected() != 1)
            return Sql::storageError(db, u"cannot give order %1 a driver"_s.arg(orderId));
    }
    for (const auto &[driverId, device] : state.driverDevices) {
        if (!DriverRepository::insertInitialDevices(db, driverId, { device }))
            return Sql::storageError(db, u"cannot register a device of %1"_s.arg(driverId));
    }
    if (!tx.commit())
        return Sql::storageError(db, u"cannot commit the initial state"_s);
    m_log.noteChangeWithoutEvent();
    qCInfo(lcServerDb) << "inserted" << state.orders.size() << "orders and" << state.drivers.size()
                       << "drivers as the initial state";
    return {};
}

Error Store::resetLog()
{
    if (const Error e = m_log.reset(); !e.ok())
        return e;
    m_cursor = 0;
    return {};
}

void Store::setFeedIntervals(std::chrono::milliseconds poll, std::chrono::milliseconds linkCheck)
{
    m_poll.setInterval(poll);
    if (m_link)
        m_link->setCheckInterval(linkCheck);
}

bool Store::isNotificationLinkUp() const
{
    return m_link && m_link->isUp();
}

qint64 Store::databaseErrors()
{
    return Sql::failedStatements();
}

qint64 Store::notificationReconnects() const
{
    return m_link ? m_link->reconnects() : 0;
}

Error Store::notFoundError(const QString &message) const
{
    return m_database.notFoundError(message);
}

Store::Readiness Store::readiness() const
{
    Readiness r;
    r.databaseError = m_database.probe();
    r.database = r.databaseError.isEmpty();
    if (isPostgres())
        r.notifications = isNotificationLinkUp();
    return r;
}

void Store::announce(const ChangeEvent &event, const QString &region)
{
    Q_EMIT eventAppended(event);
    if (!isPostgres()) {
        if (event.seq <= m_cursor)
            return; // read back from the log already, with a commit of another process
        if (event.seq == m_cursor + 1 && !m_catchingUp) {
            m_cursor = event.seq;
            Q_EMIT eventLogged(event, region);
            return;
        }
        // Another process committed in between (an operator's import): its events first, from
        // the log, then this one.
    }
    // One path for every event: this write reaches the hub the way other instances' writes
    // do, read back from the log after the cursor (with anything committed before it).
    catchUp();
}

void Store::catchUp()
{
    if (!m_database.isOpen())
        return;
    if (m_catchingUp) {
        // A write made by a handler of eventLogged(): read again once this pass is done.
        m_catchUpAgain = true;
        return;
    }
    // While the database is down there is nothing to read; connection() keeps trying to
    // reconnect (and the link re-reads the log once it is back).
    if (!m_database.connection().isOpen())
        return;
    m_catchingUp = true;
    do {
        m_catchUpAgain = false;
        const auto head = EventLog::readHead(m_database.connection());
        if (!head)
            break; // the safety poll or the link's reconnect comes back
        if (head->epoch != m_log.epoch()) {
            qCInfo(lcServerDb) << "event log reset elsewhere; new epoch" << head->epoch;
            m_log.setEpoch(head->epoch);
            m_cursor = 0;
            Q_EMIT logReset(head->epoch);
        }
        while (m_cursor < head->seq) {
            const QList<LoggedEvent> batch = m_log.loggedAfter(m_cursor, 500);
            if (batch.isEmpty()) {
                // Trimmed away before this instance read it (or unreadable): nobody here can
                // be sent it any more; sessions that need it get events_expired on resume.
                const qint64 oldest = m_log.oldestSeq();
                if (oldest > m_cursor + 1)
                    m_cursor = std::min(head->seq, oldest - 1);
                break;
            }
            for (const LoggedEvent &logged : batch) {
                m_cursor = logged.event.seq;
                ++m_eventsRead;
                Q_EMIT eventLogged(logged.event, logged.region);
            }
        }
    } while (m_catchUpAgain);
    m_catchingUp = false;
}

} // namespace Ops
