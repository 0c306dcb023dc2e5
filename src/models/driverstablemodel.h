#pragma once

#include <chrono>
#include <optional>

#include <QColor>
#include <QDateTime>

#include "jsonrowsmodel.h"

namespace Ops {

//! \brief The drivers list (`["drivers"]`) with presence and a ticking "last seen".
//!
//! Presence is derived: en route → in transit; idle or on break → idle; offline → offline; and
//! any online driver silent for longer than unresponsiveAfter() → not responding. The time since
//! the last report changes with the clock, not with data: tick() moves the model's clock and
//! emits one dataChanged over the presence, last-seen and GPS columns (call it at most once a
//! second), never one per row.
//!
//! A driver's position has its own age (now − `positionAt`): older than staleAfter() it is
//! stale, shown as "GPS 7 min old" (StaleTextRole, the GPS column). A driver without a position
//! (`lat`/`lon`/`positionAt` null: a new driver) has none here either: LatRole and LonRole are
//! invalid, never 0,0. Battery shows when the phone sent it, flagged below lowBatteryPercent().
class DriversTableModel final : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriversTableModel)

public:
    enum Column {
        NameColumn,
        IdColumn,
        RegionColumn,
        PresenceColumn,
        LastSeenColumn,
        GpsColumn, //!< the position's age; "GPS 7 min old" when stale; empty without one
        BatteryColumn,
        PhoneColumn,
        ColumnCount
    };
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
        LatRole, //!< double; invalid when the driver has no position
        LonRole, //!< double; invalid when the driver has no position
        HasPositionRole, //!< bool
        PositionAgeRole, //!< seconds since `positionAt` (qint64); invalid without a position
        StaleRole, //!< bool: the position is older than staleAfter()
        StaleTextRole, //!< "GPS 7 min old" when stale, else empty
        BatteryRole, //!< percent (int); invalid when unknown
        LowBatteryRole, //!< bool: known and below lowBatteryPercent()
        PhoneRole, //!< the phone as entered (may be empty)
        ActiveRole, //!< bool: false = deactivated (cannot be assigned)
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
    //! Age after which a position counts as stale (default 120 s).
    void setStaleAfter(std::chrono::seconds after);
    [[nodiscard]] std::chrono::seconds staleAfter() const { return m_staleAfter; }
    //! Battery below this percentage is flagged (15).
    static constexpr int lowBatteryPercent = 15;
    //! The model's clock (defaults to the current time at construction and each tick()).
    [[nodiscard]] QDateTime now() const { return m_now; }
    //! Moves the clock to \a now (current time when invalid): one dataChanged for the
    //! presence, last-seen and GPS columns of every row.
    void tick(const QDateTime &now = {});

    [[nodiscard]] Presence presenceOf(const QJsonObject &row) const;
    [[nodiscard]] static QString presenceLabel(Presence presence);
    //! A colour readable on light and dark backgrounds.
    [[nodiscard]] static QColor presenceColor(Presence presence);
    //! "12 s", "4 min", "2 h"
    [[nodiscard]] static QString ageText(qint64 seconds);
    //! Seconds since the row's `positionAt` on the model's clock; nullopt without a position.
    [[nodiscard]] std::optional<qint64> positionAge(const QJsonObject &row) const;
    //! Whether the row has a position older than staleAfter().
    [[nodiscard]] bool isStale(const QJsonObject &row) const;
    //! "GPS 7 min old"
    [[nodiscard]] static QString staleText(qint64 seconds);
    //! The number to dial for \a phone: its digits, with a leading + kept ("" when none).
    [[nodiscard]] static QString dialString(const QString &phone);
    //! A warning colour for low battery, readable on light and dark backgrounds.
    [[nodiscard]] static QColor warningColor();

protected:
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const override;
    [[nodiscard]] QList<int> changedRoles() const override;

private:
    //! `lat` and `lon` are numbers (null: no position yet).
    [[nodiscard]] static bool hasPosition(const QJsonObject &row);
    [[nodiscard]] QString toolTip(const QJsonObject &row, int column) const;

    std::chrono::seconds m_unresponsiveAfter { 120 };
    std::chrono::seconds m_staleAfter { 120 };
    QDateTime m_now;
};

} // namespace Ops
