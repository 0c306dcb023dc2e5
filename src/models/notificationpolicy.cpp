#include "notificationpolicy.h"

#include <QSettings>
#include <QUrl>

#include "alertstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QString group(const QString &user)
{
    // One group per user; a name with separators QSettings would read as groups stays one.
    return u"notifications/"_s
        + QString::fromLatin1(QUrl::toPercentEncoding(user.isEmpty() ? u"-"_s : user));
}

} // namespace

bool NotificationPreferences::isQuiet(const QTime &time) const
{
    if (!quietHours || !quietFrom.isValid() || !quietUntil.isValid() || quietFrom == quietUntil)
        return false;
    if (quietFrom < quietUntil)
        return time >= quietFrom && time < quietUntil;
    return time >= quietFrom || time < quietUntil; // past midnight
}

NotificationPreferences NotificationPreferences::load(const QString &user)
{
    QSettings settings;
    settings.beginGroup(group(user));
    NotificationPreferences p;
    const QStringList silent = settings.value(u"silent"_s).toStringList();
    p.silent = QSet<QString>(silent.begin(), silent.end());
    p.quietHours = settings.value(u"quietHours"_s, false).toBool();
    const QTime from = QTime::fromString(settings.value(u"quietFrom"_s).toString(), u"HH:mm"_s);
    const QTime until = QTime::fromString(settings.value(u"quietUntil"_s).toString(), u"HH:mm"_s);
    if (from.isValid())
        p.quietFrom = from;
    if (until.isValid())
        p.quietUntil = until;
    return p;
}

void NotificationPreferences::save(const QString &user) const
{
    QSettings settings;
    settings.beginGroup(group(user));
    QStringList list(silent.begin(), silent.end());
    list.sort();
    settings.setValue(u"silent"_s, list);
    settings.setValue(u"quietHours"_s, quietHours);
    settings.setValue(u"quietFrom"_s, quietFrom.toString(u"HH:mm"_s));
    settings.setValue(u"quietUntil"_s, quietUntil.toString(u"HH:mm"_s));
}

NotificationDecision decideNotification(const QStringList &severities, const QTime &now, bool muted,
    const NotificationPreferences &preferences, bool personal)
{
    NotificationDecision decision;
    decision.quiet = preferences.isQuiet(now);
    for (const QString &severity : severities) {
        const bool critical = severity == "critical"_L1;
        if (critical || (personal && !decision.quiet))
            decision.desktop = true;
        if (muted || !preferences.soundFor(severity) || (decision.quiet && !critical))
            continue;
        if (decision.sound.isEmpty()
            || AlertsTableModel::severityRank(severity)
                > AlertsTableModel::severityRank(decision.sound))
            decision.sound = severity;
    }
    return decision;
}

} // namespace Ops
