#include "alertrulesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "models/alertstablemodel.h"
#include "models/alerttext.h"
#include "sync/alertruleseditor.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

enum Column {
    KindColumn,
    EnabledColumn,
    SeverityColumn,
    ThresholdColumn,
    RenotifyColumn,
    EscalateColumn,
    RemindColumn,
    SourceColumn,
    ColumnCount
};

QSpinBox *minutesBox(int minimum, const QString &name, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(minimum, 1440);
    box->setSuffix(QCoreApplication::translate("Ops::AlertRulesDialog", " min"));
    return box;
}

} // namespace

AlertRulesDialog::AlertRulesDialog(
    AlertRulesEditor *editor, const QStringList &knownRegions, QWidget *parent)
    : QDialog(parent)
    , m_editor(editor)
    , m_known(knownRegions)
    , m_region(new QComboBox(this))
    , m_table(new QTableWidget(this))
    , m_formTitle(new QLabel(this))
    , m_enabled(new QCheckBox(tr("Raise this alert"), this))
    , m_severity(new QComboBox(this))
    , m_threshold(minutesBox(0, u"thresholdMinutes"_s, this))
    , m_renotify(minutesBox(1, u"renotifyMinutes"_s, this))
    , m_escalate(minutesBox(1, u"escalateMinutes"_s, this))
    , m_remind(minutesBox(1, u"remindMinutes"_s, this))
    , m_note(new QLabel(this))
    , m_save(new QPushButton(tr("Save"), this))
{
    setObjectName(u"alertRulesDialog"_s);
    setWindowTitle(tr("Alert rules"));
    m_region->setObjectName(u"regionBox"_s);
    m_table->setObjectName(u"rulesTable"_s);
    m_enabled->setObjectName(u"enabled"_s);
    m_severity->setObjectName(u"severity"_s);
    m_save->setObjectName(u"saveButton"_s);
    m_save->setDefault(true);
    m_note->setObjectName(u"noteLabel"_s);
    m_note->setWordWrap(true);
    for (const QString &severity : { u"info"_s, u"warning"_s, u"critical"_s })
        m_severity->addItem(AlertsTableModel::severityLabel(severity), severity);

    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({ tr("Alert"), tr("On"), tr("Severity"), tr("When"),
        tr("Tell all again"), tr("Escalate"), tr("Remind"), tr("Rule") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setRowCount(int(AlertRule::kinds().size()));

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Region:"), this));
    top->addWidget(m_region, 1);

    auto *form = new QFormLayout;
    const auto withError = [this](QWidget *field, const QString &name) {
        auto *error = new QLabel(this);
        error->setObjectName(name + u"Error"_s);
        QPalette p = error->palette();
        p.setColor(QPalette::WindowText, QColor(0xc0, 0x2b, 0x2b));
        error->setPalette(p);
        error->hide();
        m_errors.insert(name, error);
        auto *box = new QVBoxLayout;
        box->setSpacing(0);
        box->addWidget(field);
        box->addWidget(error);
        return box;
    };
    form->addRow(QString(), withError(m_enabled, u"enabled"_s));
    form->addRow(tr("Severity:"), withError(m_severity, u"severity"_s));
    form->addRow(tr("When (threshold):"), withError(m_threshold, u"thresholdMinutes"_s));
    form->addRow(tr("Not acknowledged: tell everyone again after"),
        withError(m_renotify, u"renotifyMinutes"_s));
    form->addRow(tr("Not acknowledged: escalate to managers after"),
        withError(m_escalate, u"escalateMinutes"_s));
    form->addRow(
        tr("Acknowledged, not resolved: remind after"), withError(m_remind, u"remindMinutes"_s));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_save, QDialogButtonBox::ApplyRole);
    QFont bold = m_formTitle->font();
    bold.setBold(true);
    m_formTitle->setFont(bold);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_formTitle);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &AlertRulesDialog::save);
    connect(m_region, &QComboBox::currentIndexChanged, this, [this] {
        m_note->clear();
        rebuild();
        loadForm();
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this] {
        m_note->clear();
        loadForm();
    });
    connect(m_editor, &AlertRulesEditor::rulesChanged, this, [this] {
        rebuild();
        // A rule shown and not being edited follows the server.
        if (formRule() == m_shown)
            loadForm();
    });
    connect(m_editor, &AlertRulesEditor::savingChanged, this, &AlertRulesDialog::updateButtons);
    connect(m_editor, &AlertRulesEditor::saved, this, [this](const AlertRule &rule) {
        m_shown = rule;
        loadForm();
        m_note->setText(tr("Saved. The alert engine uses it from its next scan."));
    });
    connect(m_editor, &AlertRulesEditor::conflicted, this, [this](const AlertRule &current) {
        if (current.region == region() && current.kind == kind())
            m_shown = current;
        loadForm();
        m_note->setText(tr("Another manager changed this rule meanwhile: it is shown as it is "
                           "now. Make your change again if it is still needed."));
    });
    connect(m_editor, &AlertRulesEditor::failed, this,
        [this](const QString &field, const QString &message) {
            if (m_errors.contains(field))
                showError(field, message);
            else
                m_note->setText(tr("Not saved: %1").arg(message));
        });
    rebuild();
    loadForm();
    resize(820, 560);
}

AlertRulesDialog::~AlertRulesDialog() = default;

QString AlertRulesDialog::region() const
{
    return m_region->currentData().toString();
}

QString AlertRulesDialog::kind() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < AlertRule::kinds().size() ? AlertRule::kinds().at(row) : QString();
}

void AlertRulesDialog::setRegion(const QString &region)
{
    const int index = m_region->findData(region);
    if (index >= 0)
        m_region->setCurrentIndex(index);
}

void AlertRulesDialog::setKind(const QString &kind)
{
    const qsizetype row = AlertRule::kinds().indexOf(kind);
    if (row >= 0)
        m_table->setCurrentCell(int(row), KindColumn);
}

void AlertRulesDialog::rebuild()
{
    const QString current = region().isEmpty() ? u"*"_s : region();
    const QStringList regions = m_editor->regions(m_known);
    {
        const QSignalBlocker blocker(m_region);
        m_region->clear();
        for (const QString &r : regions)
            m_region->addItem(r == "*"_L1 ? tr("All regions (default)") : r, r);
        m_region->setCurrentIndex(std::max(0, m_region->findData(current)));
    }
    const QString shownRegion = region();
    for (int row = 0; row < AlertRule::kinds().size(); ++row) {
        const QString k = AlertRule::kinds().at(row);
        const AlertRule rule = m_editor->effective(shownRegion, k);
        const bool own = shownRegion == "*"_L1 || m_editor->hasOwnRule(shownRegion, k);
        const auto minutes = [](int m) { return tr("%1 min").arg(m); };
        QString source;
        if (!own)
            source = tr("default");
        else if (rule.version == 0)
            source = tr("built in");
        else
            source = tr("v%1 by %2").arg(rule.version).arg(rule.updatedBy);
        const QStringList cells { AlertText::kindLabel(k), rule.enabled ? tr("on") : tr("off"),
            AlertsTableModel::severityLabel(rule.severity), minutes(rule.thresholdMinutes),
            minutes(rule.renotifyMinutes), minutes(rule.escalateMinutes),
            minutes(rule.remindMinutes), source };
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = m_table->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(row, column, item);
            }
            item->setText(cells.at(column));
            if (column == SeverityColumn)
                item->setForeground(AlertsTableModel::severityColor(rule.severity));
        }
    }
    if (m_table->currentRow() < 0) {
        const QSignalBlocker blocker(m_table);
        m_table->setCurrentCell(0, KindColumn);
    }
}

void AlertRulesDialog::loadForm()
{
    clearErrors();
    const QString k = kind();
    if (k.isEmpty())
        return;
    const AlertRule rule = m_editor->effective(region(), k);
    m_shown = rule;
    m_formTitle->setText(region() == "*"_L1
            ? tr("%1 — all regions without a rule of their own").arg(AlertText::kindLabel(k))
            : tr("%1 — region %2").arg(AlertText::kindLabel(k), region()));
    m_enabled->setChecked(rule.enabled);
    m_severity->setCurrentIndex(std::max(0, m_severity->findData(rule.severity)));
    m_threshold->setValue(rule.thresholdMinutes);
    m_renotify->setValue(rule.renotifyMinutes);
    m_escalate->setValue(rule.escalateMinutes);
    m_remind->setValue(rule.remindMinutes);
    updateButtons();
}

AlertRule AlertRulesDialog::formRule() const
{
    AlertRule rule = m_shown;
    rule.enabled = m_enabled->isChecked();
    rule.severity = m_severity->currentData().toString();
    rule.thresholdMinutes = m_threshold->value();
    rule.renotifyMinutes = m_renotify->value();
    rule.escalateMinutes = m_escalate->value();
    rule.remindMinutes = m_remind->value();
    return rule;
}

QString AlertRulesDialog::fieldError(const QString &field) const
{
    const QLabel *label = m_errors.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

QString AlertRulesDialog::note() const
{
    return m_note->text();
}

void AlertRulesDialog::clearErrors()
{
    for (QLabel *label : std::as_const(m_errors)) {
        label->clear();
        label->hide();
    }
}

void AlertRulesDialog::showError(const QString &field, const QString &message)
{
    if (QLabel *label = m_errors.value(field)) {
        label->setText(message);
        label->show();
    }
}

bool AlertRulesDialog::save()
{
    clearErrors();
    m_note->clear();
    const AlertRule rule = formRule();
    if (rule == m_shown) {
        m_note->setText(tr("Nothing changed."));
        return false;
    }
    return m_editor->save(rule);
}

void AlertRulesDialog::updateButtons()
{
    m_save->setEnabled(!m_editor->isSaving() && !kind().isEmpty());
}

} // namespace Ops
