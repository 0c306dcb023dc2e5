#include "etaengine.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/logging.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! The legs from \a driver through \a order's remaining stops; empty when a stop's position is
//! unknown (then the order has no ETA).
QList<Leg> legsOf(const Driver &driver, const Order &order)
{
    const GeoPoint at { driver.lat, driver.lon };
    if (!order.dropoffAt)
        return {};
    if (order.status == OrderStatus::New || order.status == OrderStatus::Assigned) {
        if (!order.pickupAt)
            return {};
        return { Leg { at, *order.pickupAt, order.region },
            Leg { *order.pickupAt, *order.dropoffAt, order.region } };
    }
    return { Leg { at, *order.dropoffAt, order.region } };
}

} // namespace

EtaEngine::EtaEngine(Store &store, OrderService &orders, TravelTimes &travel, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_orders(orders)
    , m_travel(travel)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_mono.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &EtaEngine::runDue);
    connect(&m_refresh, &QTimer::timeout, this, &EtaEngine::refresh);
    m_refresh.setInterval(m_refreshAfter / 2);
    // Work that waited for the routing service's capacity goes on when a request returns.
    connect(&m_travel, &TravelTimes::requestFinished, this, &EtaEngine::arm);
}

void EtaEngine::setRefreshAfter(std::chrono::milliseconds after)
{
    m_refreshAfter = std::max(after, std::chrono::milliseconds(2));
    m_refresh.setInterval(m_refreshAfter / 2);
}

void EtaEngine::start()
{
    if (m_running)
        return;
    m_running = true;
    connect(
        &m_store, &Store::eventLogged, this, [this](const ChangeEvent &event) { onEvent(event); });
    m_refresh.start();
    recomputeAll();
}

void EtaEngine::stop()
{
    m_running = false;
    disconnect(&m_store, &Store::eventLogged, this, nullptr);
    m_withoutOrders.clear(); // events are not heard while stopped
    m_refresh.stop();
    m_timer.stop();
}

void EtaEngine::recompute(const QString &driverId)
{
    want(driverId, false);
}

void EtaEngine::recomputeAll()
{
    m_withoutOrders.clear();
    const auto drivers = m_store.orders().driversWithOpenOrders();
    if (!drivers) {
        ++m_stats.failures;
        qCWarning(lcServerEta) << "cannot read which drivers have open orders";
        return;
    }
    for (const QString &id : *drivers)
        want(id, false);
}

void EtaEngine::onEvent(const ChangeEvent &event)
{
    if (event.entity == "driver"_L1) {
        if (!event.fields.contains("lat"_L1) && !event.fields.contains("lon"_L1))
            return;
        if (m_withoutOrders.contains(event.id))
            ++m_stats.idle;
        else
            want(event.id, true);
        return;
    }
    // Its own writes carry only the ETA (and updatedAt): nothing new to compute from.
    const bool isOrder = event.entity == "order"_L1;
    const bool lifecycle = isOrder
        && (event.type == "order.created"_L1 || event.fields.contains("status"_L1)
            || event.fields.contains("driverId"_L1) || event.fields.isEmpty());
    // Anything but an ETA may have given a driver an order (an assignment, a correction, an
    // import): who had none is not known any more.
    if (!isOrder || lifecycle)
        m_withoutOrders.clear();
    if (!lifecycle)
        return;
    const QJsonValue driver = event.fields.value("driverId"_L1);
    if (driver.isString()) {
        want(driver.toString(), false);
        return;
    }
    // A status change keeps the driver (a final status ended the ETA in the same write).
    const auto order = m_store.orders().get(event.id);
    if (order && !order->driverId.isEmpty() && !isFinal(order->status))
        want(order->driverId, false);
}

void EtaEngine::want(const QString &driverId, bool throttled)
{
    if (driverId.isEmpty())
        return;
    DriverState &state = m_state[driverId];
    const qint64 now = m_mono.elapsed();
    qint64 due = now;
    if (throttled && state.lastRunMs >= 0)
        due = std::max(now, state.lastRunMs + qint64(m_throttle.count()));
    if (state.dueMs < 0 || due < state.dueMs)
        state.dueMs = due;
    // Only this driver's due time moved (earlier, if at all): the timer must fire no later than
    // it. arm() would look at every driver, on every report of a fleet.
    if (!state.inFlight)
        armFor(state.dueMs);
}

void EtaEngine::arm()
{
    qint64 earliest = -1;
    for (const DriverState &state : std::as_const(m_state)) {
        if (state.dueMs >= 0 && !state.inFlight && (earliest < 0 || state.dueMs < earliest))
            earliest = state.dueMs;
    }
    if (earliest >= 0)
        armFor(earliest);
}

void EtaEngine::armFor(qint64 dueMs)
{
    const qint64 wait = std::max<qint64>(0, dueMs - m_mono.elapsed());
    // Never postpone a run that is already due sooner.
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(wait));
}

void EtaEngine::runDue()
{
    const qint64 now = m_mono.elapsed();
    // While the routing service has no room for more requests the rest waits (arm() again when
    // one returns); without one everything runs now.
    qsizetype room = m_travel.availableRequests();
    QStringList due;
    for (auto it = m_state.begin(); it != m_state.end() && room > 0; ++it) {
        DriverState &state = it.value();
        if (state.dueMs < 0 || state.dueMs > now || state.inFlight)
            continue;
        state.dueMs = -1;
        state.lastRunMs = now;
        due.append(it.key());
        --room;
    }
    if (!due.isEmpty())
        run(due);
    arm();
}

void EtaEngine::run(const QStringList &driverIds)
{
    const auto orders = m_store.orders().openOrdersOf(driverIds);
    if (!orders) {
        ++m_stats.failures;
        qCWarning(lcServerEta) << "cannot read the open orders of" << driverIds.size() << "drivers";
        return;
    }
    QHash<QString, QList<Order>> byDriver;
    for (const Order &order : *orders)
        byDriver[order.driverId].append(order);
    // What the travel times answer at once (no routing service, or all legs cached) is written
    // in one transaction after the loop; the routing service's answers each in their own.
    QList<EtaUpdate> batch;
    QList<std::pair<QString, qsizetype>> batchDrivers; // driver, its first update in batch
    // Shared: an asynchronous answer runs after this function returned.
    auto inside = std::make_shared<bool>(true);
    for (const QString &id : driverIds) {
        const QList<Order> mine = byDriver.value(id);
        const auto driver = mine.isEmpty() ? std::nullopt : m_store.drivers().get(id);
        if (!driver) {
            if (mine.isEmpty())
                m_withoutOrders.insert(id);
            finish(id, 0);
            continue;
        }
        QList<Leg> legs;
        QList<int> counts;
        for (const Order &order : mine) {
            const QList<Leg> own = legsOf(*driver, order);
            counts.append(int(own.size()));
            legs += own;
        }
        ++m_stats.recomputes;
        m_state[id].inFlight = true;
        m_travel.request(legs, this,
            [this, id, driver = *driver, mine, counts, &batch, &batchDrivers, inside](
                const QList<LegTime> &times) {
                if (*inside) {
                    batchDrivers.append({ id, batch.size() });
                    collect(driver, mine, counts, times, &batch);
                    return;
                }
                QList<EtaUpdate> updates;
                collect(driver, mine, counts, times, &updates);
                const QList<bool> ok = write(updates);
                finish(id, int(std::count(ok.begin(), ok.end(), true)));
            });
    }
    *inside = false;
    const QList<bool> ok = write(batch);
    for (qsizetype i = 0; i < batchDrivers.size(); ++i) {
        const qsizetype from = batchDrivers.at(i).second;
        const qsizetype to =
            i + 1 < batchDrivers.size() ? batchDrivers.at(i + 1).second : ok.size();
        finish(batchDrivers.at(i).first, int(std::count(ok.begin() + from, ok.begin() + to, true)));
    }
}

void EtaEngine::collect(const Driver &driver, const QList<Order> &orders,
    const QList<int> &legCounts, const QList<LegTime> &times, QList<EtaUpdate> *updates)
{
    const QDateTime now = m_clock();
    qsizetype leg = 0;
    for (qsizetype i = 0; i < orders.size(); ++i) {
        const Order &order = orders.at(i);
        double seconds = 0;
        bool estimate = false;
        for (int n = 0; n < legCounts.at(i); ++n, ++leg) {
            seconds += times.at(leg).seconds;
            estimate = estimate || times.at(leg).estimate;
        }
        QDateTime eta;
        if (legCounts.at(i) > 0)
            eta = now.addMSecs(qint64(std::llround(seconds * 1000.0)));
        const bool appeared = eta.isValid() != order.hasEta();
        const bool moved = eta.isValid() && order.hasEta()
            && std::abs(order.etaAt.msecsTo(eta)) >= qint64(m_minimumChange.count()) * 1000;
        const bool flagged = eta.isValid() && order.hasEta() && estimate != order.etaEstimate;
        if (!appeared && !moved && !flagged) {
            ++m_stats.unchanged;
            continue;
        }
        updates->append(EtaUpdate { order.id, order.version, driver.id, eta, estimate });
    }
}

QList<bool> EtaEngine::write(const QList<EtaUpdate> &updates)
{
    QList<bool> ok(updates.size(), false);
    if (updates.isEmpty())
        return ok;
    const QList<StoreWrite<Order>> results = m_orders.setEtas(updates);
    for (qsizetype i = 0; i < results.size(); ++i) {
        const StoreWrite<Order> &result = results.at(i);
        if (result.ok()) {
            ok[i] = true;
            ++m_stats.written;
            continue;
        }
        if (result.error.kind == ErrorKind::Conflict || result.error.kind == ErrorKind::BadRequest
            || result.error.kind == ErrorKind::NotFound) {
            // Changed meanwhile: its own event asks for a new computation if one is needed.
            ++m_stats.skipped;
            qCDebug(lcServerEta) << "ETA of" << updates.at(i).orderId
                                 << "not written:" << result.error.message;
            continue;
        }
        ++m_stats.failures;
        qCWarning(lcServerEta) << "cannot write ETAs:" << result.error.message;
        break; // a storage failure fails the whole batch
    }
    return ok;
}

void EtaEngine::finish(const QString &driverId, int written)
{
    const auto it = m_state.find(driverId);
    if (it != m_state.end())
        it->inFlight = false;
    Q_EMIT recomputed(driverId, written);
    arm();
}

void EtaEngine::refresh()
{
    const auto drivers = m_store.orders().driversWithOpenOrders();
    if (!drivers) {
        ++m_stats.failures;
        return;
    }
    const qint64 now = m_mono.elapsed();
    for (const QString &id : *drivers) {
        const DriverState state = m_state.value(id);
        if (state.lastRunMs < 0 || now - state.lastRunMs >= m_refreshAfter.count())
            want(id, false);
    }
}

} // namespace Ops
