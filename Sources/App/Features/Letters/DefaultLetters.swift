import TandemCore

/// The letters Tandem starts with. An administrator edits them on the
/// Letters page; these are only the first versions.
enum DefaultLetters {
    struct Template {
        var key: String
        var audience: LetterAudience
        var title: String
        var body: String
    }

    static let all: [Template] = [
        Template(
            key: "acknowledgement", audience: .reportingPerson, title: "We have received your report",
            body: """
                Dear {{recipient_name}},

                Case reference: {{case_reference}}

                Thank you for reporting anti-social behaviour to {{organisation}}. Your case officer is {{officer_name}}, who you can contact at {{officer_email}} about anything to do with your case.

                We will not tell the person you have complained about who made the report.

                Please keep a note of any further incidents, with the date, the time, what happened and how it affected you. Your officer will explain how to send these to us.

                Yours sincerely,
                {{officer_name}}
                {{organisation}}
                """),
        Template(
            key: "our_promise", audience: .reportingPerson, title: "Our promise to you",
            body: """
                Dear {{recipient_name}},

                Case reference: {{case_reference}}

                While your case is open, {{officer_name}} will:
                - keep in touch with you {{contact_frequency}}, for as long as the case is open, unless we agree otherwise with you;
                - listen to how the behaviour is affecting you and offer an assessment of your needs and risks at key points;
                - agree an action plan with you and review it with you;
                - tell you before we close your case, and why.

                Your next contact from us is due by {{next_contact}}.

                If you feel we are not keeping this promise, contact {{officer_email}}.

                Yours sincerely,
                {{officer_name}}
                {{organisation}}
                """),
        Template(
            key: "action_plan", audience: .reportingPerson, title: "Your action plan",
            body: """
                Dear {{recipient_name}},

                Case reference: {{case_reference}}

                This is a copy of the action plan we agreed ({{agreed_contact}}).

                Actions:
                {{plan_actions}}

                We will keep in touch {{contact_frequency}}. Our next review meeting with you is on {{next_review}}.

                Please keep completing your incident diary: it is the evidence your case relies on.

                Yours sincerely,
                {{officer_name}}
                {{organisation}}
                """),
        Template(
            key: "respondent_notification", audience: .respondent, title: "A complaint of anti-social behaviour",
            body: """
                Dear {{recipient_name}},

                Our reference: {{case_reference}}

                {{organisation}} has received a complaint of anti-social behaviour about {{categories}} connected with your address, {{recipient_address}}.

                We are writing to make you aware of the complaint. We have not reached any conclusion, and we would like to hear your side. If anything in your circumstances is affecting the situation, or you would like help or support, please tell us and we will do what we can.

                Please contact {{officer_name}} at {{officer_email}}.

                Yours sincerely,
                {{officer_name}}
                {{organisation}}
                """),
        Template(
            key: "warning_letter", audience: .respondent, title: "Warning about anti-social behaviour",
            body: """
                Dear {{recipient_name}},

                Our reference: {{case_reference}}

                We have received a complaint of anti-social behaviour ({{categories}}) connected with your address, {{recipient_address}}.

                {{behaviour}}

                This behaviour must stop. If it continues, {{organisation}} will have to consider further action, which may include legal action.

                If there is anything affecting you that we should know about, or you need support, please contact {{officer_name}} at {{officer_email}}.

                Yours sincerely,
                {{officer_name}}
                {{organisation}}
                """),
        Template(
            key: "acceptable_behaviour", audience: .respondent, title: "Acceptable behaviour contract or agreement",
            body: """
                Dear {{recipient_name}},

                Our reference: {{case_reference}}

                This letter confirms the acceptable behaviour contract or agreement made with {{organisation}} on {{today}}.

                You have agreed to:
                {{terms}}

                The agreement is voluntary. If it is kept, we will not need to consider legal action about this behaviour. If it is broken, we may consider further action.

                {{officer_name}}
                {{organisation}}
                """),
        Template(
            key: "closure_notice", audience: .reportingPerson, title: "We intend to close your case",
            body: """
                Dear {{recipient_name}},

                Case reference: {{case_reference}}

                We are writing to let you know that we intend to close your case in seven days' time. {{behaviour}}

                If you disagree, or the behaviour has started again, please contact {{officer_name}} at {{officer_email}} within seven days. If you have reported anti-social behaviour three or more times in six months and feel nothing has been done, you can ask for an ASB Case Review.

                Yours sincerely,
                {{officer_name}}
                {{organisation}}
                """),
    ]
}
