#include "importwizard.h"

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "sync/orderimporter.h"

using namespace Qt::StringLiterals;

namespace Ops {

class ImportWizard::FileStep final : public QWizardPage
{
public:
    explicit FileStep(ImportWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
    {
        setTitle(tr("Choose a CSV file"));
        setSubTitle(tr("One order per row. The first row names the columns: externalRef, "
                       "customer, pickup, dropoff, dueAt, region and amount are required; "
                       "contactName, contactPhone, notes, windowStart and the positions are "
                       "optional. UTF-8, separated by commas or semicolons."));
        auto *layout = new QVBoxLayout(this);
        auto *row = new QHBoxLayout;
        wizard->m_file = new QLineEdit(this);
        wizard->m_file->setObjectName(u"file"_s);
        wizard->m_file->setPlaceholderText(tr("orders.csv"));
        auto *browse = new QPushButton(tr("&Browse…"), this);
        row->addWidget(wizard->m_file, 1);
        row->addWidget(browse);
        layout->addLayout(row);
        wizard->m_fileProblem = new QLabel(this);
        wizard->m_fileProblem->setObjectName(u"fileProblem"_s);
        wizard->m_fileProblem->setTextFormat(Qt::PlainText);
        wizard->m_fileProblem->setWordWrap(true);
        layout->addWidget(wizard->m_fileProblem);
        auto *templ = new QPushButton(tr("Save a &template…"), this);
        templ->setToolTip(tr("A CSV file with every column and two example rows"));
        layout->addStretch(1);
        layout->addWidget(templ, 0, Qt::AlignLeft);
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString name = QFileDialog::getOpenFileName(
                this, tr("Import orders"), {}, tr("CSV files (*.csv);;All files (*)"));
            if (!name.isEmpty())
                m_wizard->m_file->setText(name);
        });
        connect(templ, &QPushButton::clicked, wizard, &ImportWizard::saveTemplate);
        connect(wizard->m_file, &QLineEdit::textChanged, this, [this] {
            m_wizard->m_fileProblem->clear();
            Q_EMIT completeChanged();
        });
    }

    bool isComplete() const override { return !m_wizard->m_file->text().trimmed().isEmpty(); }

    bool validatePage() override
    {
        QString error;
        if (!m_wizard->m_importer->load(m_wizard->m_file->text().trimmed(), &error)) {
            m_wizard->m_fileProblem->setText(error);
            return false;
        }
        return true;
    }

private:
    ImportWizard *m_wizard;
};

class ImportWizard::PreviewStep final : public QWizardPage
{
public:
    explicit PreviewStep(ImportWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
    {
        setTitle(tr("Check"));
        setSubTitle(tr("The server checks every row; nothing is written yet."));
        setButtonText(QWizard::NextButton, tr("&Import"));
        auto *layout = new QVBoxLayout(this);
        wizard->m_preview = new QLabel(this);
        wizard->m_preview->setObjectName(u"preview"_s);
        wizard->m_preview->setTextFormat(Qt::PlainText);
        wizard->m_preview->setWordWrap(true);
        layout->addWidget(wizard->m_preview);
        wizard->m_problems = new QTableWidget(0, 3, this);
        wizard->m_problems->setObjectName(u"problems"_s);
        wizard->m_problems->setHorizontalHeaderLabels({ tr("Row"), tr("Field"), tr("Problem") });
        wizard->m_problems->horizontalHeader()->setStretchLastSection(true);
        wizard->m_problems->verticalHeader()->hide();
        wizard->m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
        wizard->m_problems->setSelectionBehavior(QAbstractItemView::SelectRows);
        layout->addWidget(wizard->m_problems, 1);
        wizard->m_partial =
            new QCheckBox(tr("Import the valid rows and leave the others out"), this);
        wizard->m_partial->setObjectName(u"partial"_s);
        layout->addWidget(wizard->m_partial);
        connect(wizard->m_partial, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    }

    void initializePage() override
    {
        m_wizard->m_report.reset();
        m_wizard->m_problems->setRowCount(0);
        m_wizard->m_problems->hide();
        m_wizard->m_partial->hide();
        m_wizard->m_partial->setChecked(false);
        m_wizard->m_preview->setText(tr("Checking %1…").arg(m_wizard->m_importer->fileName()));
        m_wizard->m_importer->check();
    }

    bool isComplete() const override { return m_wizard->canImport(); }

private:
    ImportWizard *m_wizard;
};

class ImportWizard::ResultStep final : public QWizardPage
{
public:
    explicit ResultStep(ImportWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
    {
        setTitle(tr("Import"));
        setFinalPage(true);
        auto *layout = new QVBoxLayout(this);
        wizard->m_result = new QLabel(this);
        wizard->m_result->setObjectName(u"result"_s);
        wizard->m_result->setTextFormat(Qt::PlainText);
        wizard->m_result->setWordWrap(true);
        layout->addWidget(wizard->m_result);
        layout->addStretch(1);
    }

    void initializePage() override
    {
        m_wizard->m_done = false;
        const int rows = m_wizard->m_report ? m_wizard->m_report->created : 0;
        m_wizard->m_result->setText(tr("Importing %n order(s)…", nullptr, rows));
        m_wizard->m_importer->import(m_wizard->m_partial->isChecked());
    }

    bool isComplete() const override { return m_wizard->m_done; }

private:
    ImportWizard *m_wizard;
};

ImportWizard::ImportWizard(ApiClient *api, QWidget *parent)
    : QWizard(parent)
    , m_importer(new OrderImporter(api, this))
{
    setObjectName(u"importWizard"_s);
    setWindowTitle(tr("Import orders from CSV"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(FilePage, new FileStep(this));
    setPage(PreviewPage, new PreviewStep(this));
    setPage(ResultPage, new ResultStep(this));
    connect(m_importer, &OrderImporter::checked, this, &ImportWizard::showReport);
    connect(m_importer, &OrderImporter::imported, this, &ImportWizard::showImported);
    connect(m_importer, &OrderImporter::failed, this,
        [this](const QString &message, const OrdersApi::ImportReport &report) {
            if (currentId() == ResultPage)
                showImportFailed(message, report);
            else
                showCheckFailed(message);
        });
    resize(640, 480);
}

ImportWizard::~ImportWizard() = default;

void ImportWizard::setFileName(const QString &fileName)
{
    m_file->setText(fileName);
}

QString ImportWizard::previewText() const
{
    return m_preview->text();
}

QString ImportWizard::resultText() const
{
    return m_result->text();
}

bool ImportWizard::canImport() const
{
    return m_report && m_report->created > 0 && !m_importer->isBusy()
        && (m_report->problemCount == 0 || m_partial->isChecked());
}

void ImportWizard::showReport(const OrdersApi::ImportReport &report)
{
    m_report = report;
    QStringList lines;
    lines.append(
        tr("%n row(s) read from %1.", nullptr, report.rowsRead).arg(m_importer->fileName()));
    lines.append(tr("%n new order(s) to import.", nullptr, report.created));
    if (report.existingCount > 0)
        lines.append(tr("%n row(s) are orders already (same reference) and will be left as they "
                        "are.",
            nullptr, report.existingCount));
    if (report.problemCount > 0) {
        lines.append(
            tr("%n row(s) have problems and cannot be imported:", nullptr, report.problemCount));
        if (report.problems.size() < report.problemCount)
            lines.append(tr("(the first %1 are listed)").arg(report.problems.size()));
    } else if (report.created == 0) {
        lines.append(tr("Nothing to import."));
    }
    m_preview->setText(lines.join(u'\n'));
    m_problems->setRowCount(int(report.problems.size()));
    for (int i = 0; i < report.problems.size(); ++i) {
        const auto &p = report.problems.at(i);
        auto *row = new QTableWidgetItem;
        row->setData(Qt::DisplayRole, p.row);
        m_problems->setItem(i, 0, row);
        m_problems->setItem(i, 1, new QTableWidgetItem(p.field));
        m_problems->setItem(i, 2, new QTableWidgetItem(p.reason));
    }
    m_problems->resizeColumnsToContents();
    m_problems->setVisible(report.problemCount > 0);
    m_partial->setVisible(report.problemCount > 0 && report.created > 0);
    if (QWizardPage *p = page(PreviewPage))
        Q_EMIT p->completeChanged();
}

void ImportWizard::showCheckFailed(const QString &message)
{
    m_report.reset();
    m_preview->setText(tr("The file cannot be imported: %1").arg(message));
    if (QWizardPage *p = page(PreviewPage))
        Q_EMIT p->completeChanged();
}

void ImportWizard::showImported(const OrdersApi::ImportReport &report)
{
    m_done = true;
    QString text = report.created == 0
        ? tr("Nothing was imported: every row is an order already.")
        : tr("Imported %n order(s), %1 to %2 (import %3).", nullptr, report.created)
              .arg(report.firstId, report.lastId, report.importId);
    if (report.existingCount > 0)
        text += u'\n'
            + tr("%n row(s) were orders already and were left as they are.", nullptr,
                report.existingCount);
    if (report.problemCount > 0)
        text += u'\n' + tr("%n row(s) with problems were left out.", nullptr, report.problemCount);
    m_result->setText(text);
    Q_EMIT imported(report);
    if (QWizardPage *p = page(ResultPage))
        Q_EMIT p->completeChanged();
}

void ImportWizard::showImportFailed(const QString &message, const OrdersApi::ImportReport &)
{
    m_done = true;
    m_result->setText(tr("Nothing was imported: %1").arg(message));
    if (QWizardPage *p = page(ResultPage))
        Q_EMIT p->completeChanged();
}

void ImportWizard::saveTemplate()
{
    const QString name = QFileDialog::getSaveFileName(
        this, tr("Save template"), u"orders-template.csv"_s, tr("CSV files (*.csv)"));
    if (name.isEmpty())
        return;
    QFile in(u":/opsboard/orders-template.csv"_s);
    QFile out(name);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)
        || out.write(in.readAll()) < 0)
        m_fileProblem->setText(tr("Cannot save the template: %1").arg(out.errorString()));
}

} // namespace Ops
