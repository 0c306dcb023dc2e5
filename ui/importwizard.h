#pragma once

#include <QWizard>

#include "api/ordersapi.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace Ops {

class ApiClient;
class OrderImporter;

//! \brief Import CSV…: choose a file → the server checks it and the preview lists every bad row
//! and why (a dry run, nothing written) → import → summary.
//!
//! What is imported is the file as checked (the bytes are read once). With bad rows the
//! dispatcher either fixes the file and checks again (Back) or imports the valid rows only; a
//! file whose rows are all orders already imports nothing. The new orders reach every screen
//! through the server's `import.created` event, not through this wizard.
class ImportWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportWizard)

public:
    enum Page { FilePage, PreviewPage, ResultPage };

    explicit ImportWizard(ApiClient *api, QWidget *parent = nullptr);
    ~ImportWizard() override;

    [[nodiscard]] OrderImporter *importer() const { return m_importer; }
    void setFileName(const QString &fileName);
    //! The preview's and the summary's text, and the preview's table of bad rows.
    [[nodiscard]] QString previewText() const;
    [[nodiscard]] QString resultText() const;
    [[nodiscard]] QTableWidget *problemsTable() const { return m_problems; }
    [[nodiscard]] QCheckBox *partialBox() const { return m_partial; }
    //! Whether the preview allows importing now.
    [[nodiscard]] bool canImport() const;

Q_SIGNALS:
    //! The server wrote an import.
    void imported(const Ops::OrdersApi::ImportReport &report);

private:
    class FileStep;
    class PreviewStep;
    class ResultStep;

    void showReport(const OrdersApi::ImportReport &report);
    void showCheckFailed(const QString &message);
    void showImported(const OrdersApi::ImportReport &report);
    void showImportFailed(const QString &message, const OrdersApi::ImportReport &report);
    void saveTemplate();

    OrderImporter *m_importer;
    QLineEdit *m_file = nullptr;
    QLabel *m_fileProblem = nullptr;
    QLabel *m_preview = nullptr;
    QTableWidget *m_problems = nullptr;
    QCheckBox *m_partial = nullptr;
    QLabel *m_result = nullptr;
    std::optional<OrdersApi::ImportReport> m_report;
    bool m_done = false;
};

} // namespace Ops
