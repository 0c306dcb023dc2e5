#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include "core/error.h"
#include "protocol/alertrule.h"

namespace Ops {

//! \brief The alert rules in force: a region's own rule, else the stored `*` rule, else the
//! built-in one (AlertRule::builtIn()).
class AlertRuleSet
{
public:
    AlertRuleSet() = default;
    //! Over the rules someone stored (AlertRepository::rules()).
    explicit AlertRuleSet(const QList<AlertRule> &stored);

    //! The rule for \a kind in \a region.
    [[nodiscard]] AlertRule rule(const QString &region, const QString &kind) const;
    //! Every rule that applies somewhere: the built-in or stored `*` rule of each kind, then the
    //! regional ones, as GET /api/alert-rules lists them.
    [[nodiscard]] QList<AlertRule> all() const;

    //! Parses an alert rules file: `{"rules": [{"region", "kind", "enabled", "severity",
    //! "thresholdMinutes", "renotifyMinutes", "escalateMinutes", "remindMinutes"}, …]}`; a
    //! field left out keeps the built-in value. BadRequest naming the file, the rule and why.
    [[nodiscard]] static Error parseFile(
        const QByteArray &bytes, const QString &fileName, QList<AlertRule> *out);

private:
    QHash<QString, AlertRule> m_stored; //!< by AlertRule::id()
};

} // namespace Ops
