#pragma once

#include <memory>
#include <optional>

#include <QJsonArray>
#include <QList>
#include <QObject>

#include "driverstablemodel.h"
#include "protocol/order.h"

namespace Ops {

class QueryClient;
class QueryObserver;
struct QueryOptions;

//! \brief One driver the "Assign driver" menu offers for an order.
struct AssignChoice
{
    QString id;
    QString name; //!< empty when neither list has one
    DriversTableModel::Presence presence = DriversTableModel::Presence::Idle;
    bool sameRegion = false; //!< works the order's region
    //! The drive to the order's next stop in whole minutes (the server's); nullopt = unknown
    std::optional<int> minutesAway;
    bool estimate = false; //!< minutesAway is the built-in straight-line estimate
    bool current = false; //!< the order's driver now

    friend bool operator==(const AssignChoice &, const AssignChoice &) = default;
};

//! \brief The drivers one order can be given to, as the assign menu offers them while it is open.
//!
//! At once: the drivers list ranked by region and presence (DriverRanking). When the server's
//! answer to `["orders", <id>, "candidates"]` arrives: its order, quickest to the next stop first,
//! with the minutes ("Ava · Idle · 6 min away"). While that query loads or when it fails, the
//! first list stays (the menu is never empty for want of travel times). Drivers the drivers list
//! knows as deactivated (`"active": false`) are never offered. The query is read when the menu
//! opens and not kept long: it has no ETag and moves with the clock.
class AssignCandidates final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssignCandidates)

public:
    enum class Source {
        Ranking, //!< the drivers list by region and presence (loading, failed, or no client)
        ByTime, //!< the server's candidates, quickest first
    };
    Q_ENUM(Source)

    //! Offers drivers for \a order from \a drivers (not owned; must outlive this), and asks
    //! \a client (none: the ranking only) for the candidates.
    AssignCandidates(QueryClient *client, const DriversTableModel *drivers, Order order,
        QObject *parent = nullptr);
    ~AssignCandidates() override;

    [[nodiscard]] const Order &order() const { return m_order; }
    [[nodiscard]] QList<AssignChoice> choices() const;
    [[nodiscard]] Source source() const { return m_source; }
    //! The candidates are being asked for and not known yet.
    [[nodiscard]] bool isLoading() const;
    //! Why the candidates are not shown (empty while loading or when shown).
    [[nodiscard]] QString errorText() const { return m_error; }

    //! The drivers list by region and presence, deactivated drivers left out.
    [[nodiscard]] static QList<AssignChoice> ranked(
        const Order &order, const DriversTableModel &drivers);
    //! The server's \a candidates in its order, deactivated drivers left out, presence from the
    //! drivers list where it has the driver; the order's own driver added last when the server
    //! left it out (e.g. offline), so the menu still shows who has the order.
    [[nodiscard]] static QList<AssignChoice> byTime(
        const QJsonArray &candidates, const Order &order, const DriversTableModel &drivers);
    //! The query's options: read now, kept 30 s once unobserved, one attempt (the ranking is
    //! the fallback, not a retry loop).
    [[nodiscard]] static QueryOptions queryOptions(const QString &orderId);

Q_SIGNALS:
    //! choices(), source(), isLoading() or errorText() changed.
    void changed();

private:
    void onResult();

    const DriversTableModel *m_drivers;
    Order m_order;
    std::unique_ptr<QueryObserver> m_observer;
    QJsonArray m_candidates;
    Source m_source = Source::Ranking;
    QString m_error;
};

} // namespace Ops
