#pragma once

#include <QList>
#include <QString>

#include "driverstablemodel.h"

namespace Ops {

struct Order;

//! \brief A driver an order can be given to, as the "Assign driver" menu offers it.
struct DriverCandidate
{
    QString id;
    QString name; //!< empty when the drivers list has none
    DriversTableModel::Presence presence = DriversTableModel::Presence::Offline;
    bool sameRegion = false; //!< works the order's region
};

//! \brief Ranks the drivers of a drivers list for one order.
//!
//! Offered: every driver who is not offline, and the order's own driver whatever their state.
//! Order: the order's region first; within it idle before in transit before not responding
//! (before offline); then by name in the user's locale. Presence is judged at the list's clock
//! (DriversTableModel::now(); tick it first to judge against the current time).
class DriverRanking
{
public:
    [[nodiscard]] static QList<DriverCandidate> rank(
        const Order &order, const DriversTableModel &drivers);
    //! 0 for the best presence to give an order to (idle), higher for worse.
    [[nodiscard]] static int presenceRank(DriversTableModel::Presence presence);
};

} // namespace Ops
