#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Ops {

//! \brief When the alert engine raises one kind of alert in one region, how loud, and how it
//! escalates (`GET /api/alert-rules`). Region `*` is the default every region without a rule
//! of its own follows.
struct AlertRule
{
    QString region; //!< a region, or `*`
    //! "overdue_order", "late_order", "unassigned_order", "predicted_late",
    //! "failed_delivery" or "unresponsive_driver"
    QString kind;
    bool enabled = true;
    QString severity; //!< "info", "warning" or "critical"
    //! What "late" means for the kind, in minutes: due within it and not picked up
    //! (late_order), unassigned within it of the due time (unassigned_order), silent for it
    //! (unresponsive_driver), past due by it (overdue_order), ETA after the due time by more
    //! than it (predicted_late); unused by the others.
    int thresholdMinutes = 0;
    //! Open and not acknowledged for this long: everyone handling the region is told again.
    int renotifyMinutes = 5;
    //! Still not acknowledged after this long: the region's managers are told.
    int escalateMinutes = 15;
    //! Acknowledged but not resolved for this long (and every this long again): its
    //! acknowledger is reminded.
    int remindMinutes = 30;
    qint64 version = 0;
    QDateTime updatedAt;
    QString updatedBy;

    //! The kinds the engine knows, in the order the rules dialog lists them.
    [[nodiscard]] static const QStringList &kinds();
    //! The built-in rule for \a kind in region `*` (version 0: never stored).
    [[nodiscard]] static std::optional<AlertRule> builtIn(const QString &kind);
    //! `<region>/<kind>`: the rule's id in events and URLs.
    [[nodiscard]] QString id() const { return region + u'/' + kind; }

    [[nodiscard]] QJsonObject toJson() const;
    //! Validates every field; on failure returns nullopt and says why in \a error.
    [[nodiscard]] static std::optional<AlertRule> fromJson(const QJsonObject &json, QString *error);
    //! Checks the values a person may set (enabled, severity, minutes): severity known, minutes
    //! from 0 (threshold) or 1 to 1440, renotify before escalate. Empty when valid.
    [[nodiscard]] QString invalidReason() const;

    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::AlertRule)
