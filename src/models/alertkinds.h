#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace Ops {

//! \brief What each kind of alert is called and the colour that marks it, in the user's
//! language: "Predicted late" (amber, the warning before the due time) apart from "Overdue"
//! (red) at a glance.
class AlertKinds
{
    Q_DECLARE_TR_FUNCTIONS(Ops::AlertKinds)

public:
    //! The kind's name ("predicted_late" → "Predicted late"); an unknown kind as it is.
    [[nodiscard]] static QString label(const QString &kind);
    //! The kind's marker colour (readable on light and dark tables); invalid for an unknown kind.
    [[nodiscard]] static QColor color(const QString &kind);
};

} // namespace Ops
