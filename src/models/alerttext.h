#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTimeZone>

namespace Ops {

//! \brief An alert's words in the window's language, from the `code` and `params` the server
//! sends (docs/protocol.md, alerts): "ORD-00007 für Acme Bakery ist 12 min überfällig" in a
//! German window.
//!
//! A code the client does not know, or one whose params are missing, is shown by the server's
//! English `message`, so a newer server's alerts still read. Also words the receipts ("seen by
//! ann, ben · acknowledged by ben 14:02") and the last escalation step.
class AlertText final
{
    Q_DECLARE_TR_FUNCTIONS(Ops::AlertText)

public:
    //! The alert's text: worded from `code` + `params` when the code is known, else `message`.
    //! Times (an ETA) are shown in \a zone (default: the system's).
    [[nodiscard]] static QString message(
        const QJsonObject &alert, const QTimeZone &zone = QTimeZone::systemTimeZone());
    //! The codes message() words itself (every code the server's alert engine raises).
    [[nodiscard]] static const QStringList &knownCodes();
    //! Who has seen the alert and who acted on it, e.g. "seen by ann, ben · acknowledged by ben
    //! 14:02"; empty while nobody has. Times are shown in \a zone as HH:mm.
    [[nodiscard]] static QString receipts(
        const QJsonObject &alert, const QTimeZone &zone = QTimeZone::systemTimeZone());
    //! The last escalation step, e.g. "escalated to the managers 14:10"; empty without one.
    [[nodiscard]] static QString escalation(
        const QJsonObject &alert, const QTimeZone &zone = QTimeZone::systemTimeZone());
    //! The name of an alert kind ("Overdue order", …); an unknown kind as it is.
    [[nodiscard]] static QString kindLabel(const QString &kind);
    //! Whether \a user has a receipt on \a alert (`seenBy`).
    [[nodiscard]] static bool seenBy(const QJsonObject &alert, const QString &user);
};

} // namespace Ops
