import Foundation
import TandemCore

/// A person's details as typed on the add-person and edit-person forms, checked once for both.
struct PersonDetails: Sendable {
    var name: String
    var dateOfBirth: CivilDate?
    var age: Int?
    var phone: String
    var email: String
    var preferredContact: ContactMethod?
    var language: String
    var interpreterNeeded: Bool
    var otherNeeds: String
    var postcode: String

    /// Reads and checks the fields, adding any problem to `form` under the field's name.
    static func read(_ input: PeopleController.PartyInput, today: CivilDate, form: inout FormState) -> PersonDetails {
        let name = TextRules.clean(input.fullName)
        if let problem = TextRules.problem(name, label: "the person's full name", max: 120) {
            form.add("full_name", problem)
        }
        let dobText = TextRules.clean(input.dateOfBirth)
        let dob = CivilDate(iso: dobText)
        if !dobText.isEmpty && (dob.map { $0 > today || $0.year < today.year - 120 } ?? true) {
            form.add("date_of_birth", "Enter a real date of birth in the past, like 1970-03-14")
        }
        let ageText = TextRules.clean(input.age)
        let age = Int(ageText)
        if !ageText.isEmpty && !(age.map { (0...120).contains($0) } ?? false) {
            form.add("age", "Enter an age in years between 0 and 120")
        }
        let phone = TextRules.clean(input.phone)
        if let problem = TextRules.problem(phone, label: "the phone number", required: false, max: 30) {
            form.add("phone", problem)
        }
        let email = TextRules.clean(input.email)
        if !email.isEmpty, let problem = TextRules.emailProblem(email) { form.add("email", problem) }
        let preferred = input.preferredContact.flatMap { $0.isEmpty ? nil : ContactMethod(rawValue: $0) }
        if let raw = input.preferredContact, !raw.isEmpty, preferred == nil {
            form.add("preferred_contact", "Select a contact method from the list")
        }
        let language = TextRules.clean(input.language)
        if let problem = TextRules.problem(language, label: "the language", required: false, max: 60) {
            form.add("language", problem)
        }
        let needs = TextRules.clean(input.otherNeeds)
        if let problem = TextRules.problem(needs, label: "other needs", required: false, max: 500) {
            form.add("other_needs", problem)
        }
        let postcode = TextRules.clean(input.postcode)
        if !postcode.isEmpty && !Postcode.isPlausible(postcode) {
            form.add("postcode", "Enter a real postcode, like RV1 2AB")
        }
        return PersonDetails(
            name: name, dateOfBirth: dob, age: age, phone: phone, email: email, preferredContact: preferred,
            language: language, interpreterNeeded: input.interpreterNeeded == "yes", otherNeeds: needs,
            postcode: postcode)
    }

    /// Copies the details onto a person (not the postcode, which lives on their place).
    func apply(to person: Person, at now: Date) {
        person.setName(name)
        person.dateOfBirth = dateOfBirth
        person.age = dateOfBirth == nil ? age : nil
        person.phone = phone.nilIfEmpty
        person.email = email.nilIfEmpty
        person.preferredContact = preferredContact
        person.language = language.nilIfEmpty
        person.interpreterNeeded = interpreterNeeded
        person.otherNeeds = otherNeeds.nilIfEmpty
        person.updatedAt = now
    }
}
