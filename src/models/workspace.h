#pragma once

#include <chrono>

#include <QList>
#include <QObject>
#include <QStringList>

#include "coalescer.h"
#include "driverstablemodel.h"
#include "modelclock.h"
#include "orderstablemodel.h"

namespace Ops {

class QueryClient;

//! \brief The intervals a Workspace runs on (parameters, so tests run fast).
struct WorkspaceTiming
{
    //! The clock: ages, "late" and drivers' presence move this often.
    std::chrono::milliseconds tick { 1000 };
    //! At most this often the driver names and the region list follow their lists.
    std::chrono::milliseconds coalesce { 500 };
};

//! \brief A driver as the driver filter offers it.
struct DriverChoice
{
    QString label; //!< the name, or the id when the driver has none
    QString id;

    friend bool operator==(const DriverChoice &, const DriverChoice &) = default;
};

//! \brief What one window shows, shared by its panels: the orders list model, the drivers list
//! and the clock that moves them with time.
//!
//! One per window, so the table, the map and the order detail read one model of each list (one
//! diff per change, not one per panel), and one timer ticks them all. It also keeps the two lists
//! in step: the orders' driver column shows the drivers' names.
class Workspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Workspace)

public:
    explicit Workspace(
        QueryClient *queries, WorkspaceTiming timing = {}, QObject *parent = nullptr);
    ~Workspace() override;

    [[nodiscard]] QueryClient *queries() const { return m_queries; }
    //! QueryKeys::orders() as a table.
    [[nodiscard]] OrdersTableModel *orders() { return &m_orders; }
    //! QueryKeys::drivers(), ticked by clock() so presence and "last seen" move with time.
    [[nodiscard]] DriversTableModel *drivers() { return &m_drivers; }
    [[nodiscard]] ModelClock *clock() { return &m_clock; }

    //! The regions of the orders, sorted.
    [[nodiscard]] QStringList regions() const { return m_orders.regions(); }
    //! The known drivers by name (then id), as the driver filter lists them.
    [[nodiscard]] QList<DriverChoice> driverChoices() const;

Q_SIGNALS:
    //! New orders came in (coalesced): regions() may have grown.
    void regionsChanged();
    //! The drivers list changed (throttled): driverChoices() and the driver names may differ.
    void driversChanged();

private:
    void onDriversChanged();

    QueryClient *m_queries;
    OrdersTableModel m_orders;
    DriversTableModel m_drivers;
    ModelClock m_clock;
    Coalescer m_regionsChanged;
    Coalescer m_driversChanged;
};

} // namespace Ops
