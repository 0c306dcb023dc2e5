#pragma once

#include <QDialog>
#include <QHash>

#include "protocol/alertrule.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Ops {

class AlertRulesEditor;

//! \brief The alert rules per region, for managers: when each kind of alert is raised, how loud,
//! and when it is told again, escalated and reminded.
//!
//! The table lists the rules in force in the chosen region (its own, or the default `*` one);
//! the form below edits the selected kind. Save writes it through AlertRulesEditor (the server's
//! versioned write): a value out of place is shown at its field, a rule another manager changed
//! meanwhile is shown as it is now with a note. Every window's rules follow the server's event.
class AlertRulesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertRulesDialog)

public:
    //! Edits through \a editor; \a knownRegions are offered besides those with rules.
    explicit AlertRulesDialog(
        AlertRulesEditor *editor, const QStringList &knownRegions = {}, QWidget *parent = nullptr);
    ~AlertRulesDialog() override;

    [[nodiscard]] QTableWidget *table() const { return m_table; }
    [[nodiscard]] QString region() const;
    [[nodiscard]] QString kind() const;
    void setRegion(const QString &region);
    void setKind(const QString &kind);
    //! The rule as the form has it now.
    [[nodiscard]] AlertRule formRule() const;
    //! The error shown at \a field (e.g. "escalateMinutes"), empty if none.
    [[nodiscard]] QString fieldError(const QString &field) const;
    //! The note above the buttons (saved, conflict, refusal).
    [[nodiscard]] QString note() const;
    //! Saves the form (what the Save button does); false when nothing was sent.
    bool save();

private:
    void rebuild();
    void loadForm();
    void clearErrors();
    void showError(const QString &field, const QString &message);
    void updateButtons();

    AlertRulesEditor *m_editor;
    QStringList m_known;
    QComboBox *m_region;
    QTableWidget *m_table;
    QLabel *m_formTitle;
    QCheckBox *m_enabled;
    QComboBox *m_severity;
    QSpinBox *m_threshold;
    QSpinBox *m_renotify;
    QSpinBox *m_escalate;
    QSpinBox *m_remind;
    QHash<QString, QLabel *> m_errors; //!< field name → its error line
    QLabel *m_note;
    QPushButton *m_save;
    AlertRule m_shown; //!< the rule the form was loaded from (its version is the expected one)
};

} // namespace Ops
