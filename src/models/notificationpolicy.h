#pragma once

#include <QCoreApplication>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTime>

namespace Ops {

//! \brief One dispatcher's wishes for alert notifications: which severities play a sound, and
//! quiet hours (only critical alerts are heard then). Kept per user in QSettings
//! (`notifications/<user>/…`).
struct NotificationPreferences
{
    QSet<QString> silent; //!< severities that play no sound
    bool quietHours = false;
    QTime quietFrom { 22, 0 };
    QTime quietUntil { 7, 0 };

    [[nodiscard]] bool soundFor(const QString &severity) const
    {
        return !silent.contains(severity);
    }
    //! Whether \a time (local) is within the quiet hours (which may wrap past midnight; equal
    //! ends: never quiet).
    [[nodiscard]] bool isQuiet(const QTime &time) const;

    [[nodiscard]] static NotificationPreferences load(const QString &user);
    void save(const QString &user) const;

    friend bool operator==(
        const NotificationPreferences &, const NotificationPreferences &) = default;
};

//! \brief What new alerts arriving together should do on this desk.
struct NotificationDecision
{
    QString sound; //!< the severity whose sound plays (the loudest allowed); empty: silence
    bool desktop = false; //!< desktop notification and a request for attention (critical ones)
    bool quiet = false; //!< it is quiet hours

    friend bool operator==(const NotificationDecision &, const NotificationDecision &) = default;
};

//! Decides for alerts of \a severities arriving at local time \a now: critical ones always reach
//! the desktop, also in quiet hours; a sound plays for the most severe one whose sound is on,
//! in quiet hours only for critical ones, and never while \a muted. \a personal: an escalation
//! step addressed to this user (told again, escalated, reminded), which reaches the desktop
//! whatever its severity, outside quiet hours.
[[nodiscard]] NotificationDecision decideNotification(const QStringList &severities,
    const QTime &now, bool muted, const NotificationPreferences &preferences,
    bool personal = false);

} // namespace Ops
