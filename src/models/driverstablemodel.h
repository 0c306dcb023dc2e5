#pragma once

#include <chrono>

#include <QColor>
#include <QDateTime>

#include "jsonrowsmodel.h"

namespace Ops {

//! \brief The drivers list (`["drivers"]`) with presence and a ticking "last seen".
//!
//! Presence is derived: en route → in transit; idle or on break → idle; offline → offline; and
//! any online driver silent for longer than unresponsiveAfter() → not responding. The time since
//! the last report changes with the clock, not with data: tick() moves the model's clock and
//! emits one dataChanged over the presence and last-seen columns (call it at most once a
//! second), never one per row.
class DriversTableModel final : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriversTableModel)

public:
    enum Column { NameColumn, IdColumn, RegionColumn, PresenceColumn, LastSeenColumn, ColumnCount };
    Q_ENUM(Column)

    enum class Presence {
        InTransit,
        Idle,
        NotResponding,
        Offline,
    };
    Q_ENUM(Presence)

    enum DriverRole {
        PresenceRole = FirstSubclassRole, //!< Presence as int
        LatRole,
        LonRole,
    };
    Q_ENUM(DriverRole)

    //! Reads QueryKeys::drivers().
    explicit DriversTableModel(QueryClient *client, QObject *parent = nullptr);
    ~DriversTableModel() override;

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    //! Silence after which an online driver counts as not responding (default 120 s, as the
    //! server's unresponsive_driver alert).
    void setUnresponsiveAfter(std::chrono::seconds after) { m_unresponsiveAfter = after; }
    [[nodiscard]] std::chrono::seconds unresponsiveAfter() const { return m_unresponsiveAfter; }
    //! The model's clock (defaults to the current time at construction and each tick()).
    [[nodiscard]] QDateTime now() const { return m_now; }
    //! Moves the clock to \a now (current time when invalid): one dataChanged for the
    //! presence and last-seen columns of every row.
    void tick(const QDateTime &now = {});

    [[nodiscard]] Presence presenceOf(const QJsonObject &row) const;
    [[nodiscard]] static QString presenceLabel(Presence presence);
    //! A colour readable on light and dark backgrounds.
    [[nodiscard]] static QColor presenceColor(Presence presence);
    //! "12 s", "4 min", "2 h"
    [[nodiscard]] static QString ageText(qint64 seconds);

protected:
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const override;
    [[nodiscard]] QList<int> changedRoles() const override;

private:
    std::chrono::seconds m_unresponsiveAfter { 120 };
    QDateTime m_now;
};

} // namespace Ops
