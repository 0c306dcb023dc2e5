#pragma once

#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QPointer>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Ops {

class DriverActions;
struct DriverActionResult;

//! \brief Adding a driver, or editing one: name, phone, vehicle, region.
//!
//! Saving sends the change (an edit: only the fields that changed, against the version shown)
//! and waits for the server: its answer closes the dialog; a refusal about one field is shown
//! under that field, any other refusal above the buttons; a conflict (another change came first)
//! shows both versions and lets the manager apply the change to the current one or drop it.
class DriverEditDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriverEditDialog)

public:
    //! Edits driver \a id as \a actions has it, or adds one when \a id is empty.
    DriverEditDialog(DriverActions *actions, const QString &id, QWidget *parent = nullptr);
    ~DriverEditDialog() override;

    [[nodiscard]] QString driverId() const { return m_id; }
    [[nodiscard]] QLineEdit *nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit *phoneEdit() const { return m_phone; }
    [[nodiscard]] QLineEdit *vehicleEdit() const { return m_vehicle; }
    [[nodiscard]] QComboBox *regionBox() const { return m_region; }
    //! The error shown under \a field (`name`, `phone`, `vehicle`, `region`); empty: none.
    [[nodiscard]] QString fieldError(const QString &field) const;
    //! The error not about one field; empty: none.
    [[nodiscard]] QString generalError() const;
    //! The conflict shown now (after a 409), if any.
    [[nodiscard]] QDialog *conflictDialog() const { return m_conflict; }
    //! Saves (as the Save button does).
    void save();

Q_SIGNALS:
    //! The server confirmed the change; \a driver is its row.
    void saved(const QString &id, const QJsonObject &driver);
    //! Another change came first: both versions; the dialog asks what to do.
    void conflictShown(const QJsonObject &yours, const QJsonObject &current);

private:
    [[nodiscard]] QJsonObject enteredFields() const;
    void send(const QJsonObject &fields, qint64 version);
    void onAnswer(const QJsonObject &fields, const DriverActionResult &result);
    void clearErrors();
    //! Taller when an error line appeared, so nothing is cut off.
    void growToFit();
    void setBusy(bool busy);

    DriverActions *m_actions;
    QString m_id;
    QJsonObject m_shown; //!< the driver as it was when the dialog opened (edit)
    QLineEdit *m_name;
    QLineEdit *m_phone;
    QLineEdit *m_vehicle;
    QComboBox *m_region;
    QHash<QString, QLabel *> m_errors;
    QLabel *m_general;
    QDialogButtonBox *m_buttons;
    QPointer<QDialog> m_conflict;
};

} // namespace Ops
