"""The ready-made assessment library seeded for every employer tenant.

Each entry in ``LIBRARY`` is one assessment definition (name, description, time limit, pass thresholds
and content) following the content schema accepted by the assessments API: categories holding
MULTIPLE_CHOICE, NUMERIC, SHORT_TEXT, TYPING and SPOKEN questions. Every prompt, passage, option and
rubric here is original to HireScope; the people and the company "Northwind Supplies" are fictional.

``LIBRARY_VERSION`` must be bumped whenever any definition changes, so that tenants' seeded copies can
be brought up to date.
"""

LIBRARY_VERSION = 1

LIBRARY: tuple[dict, ...] = (
    {
        "libraryKey": "typing-speed",
        "name": "Typing speed and accuracy",
        "description": (
            "Two one-minute copy-typing tasks using everyday business text. "
            "Scores net words per minute against a target of 40 WPM, so errors count against speed."
        ),
        "timeLimitMinutes": 10,
        "passThreshold": 70,
        "lowPassThreshold": 50,
        "content": {
            "categories": [
                {
                    "key": "typing",
                    "name": "Typing",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "tp-1",
                            "kind": "TYPING",
                            "prompt": "Type the passage below as quickly and accurately as you can. You have 60 seconds.",
                            "points": 5,
                            "passage": (
                                "Thank you for your order with Northwind Supplies. Your parcel has been packed and "
                                "will leave our warehouse this afternoon. You will receive an email with a tracking "
                                "link as soon as the courier collects it. If anything is missing or damaged when it "
                                "arrives, please reply to this message within fourteen days and our team will "
                                "arrange a replacement at no extra cost."
                            ),
                            "durationSeconds": 60,
                            "targetWpm": 40,
                        },
                        {
                            "id": "tp-2",
                            "kind": "TYPING",
                            "prompt": "Type the passage below as quickly and accurately as you can. You have 60 seconds.",
                            "points": 5,
                            "passage": (
                                "Our team meeting has moved from Tuesday morning to Wednesday at two o'clock. Please "
                                "bring your figures for the last quarter, including any open orders that are still "
                                "waiting for stock. We will review the new delivery schedule, agree who will cover "
                                "the front desk during the holiday period, and set targets for next month. Lunch "
                                "will be provided for everyone who attends."
                            ),
                            "durationSeconds": 60,
                            "targetWpm": 40,
                        },
                    ],
                },
            ],
        },
    },
    {
        "libraryKey": "written-english",
        "name": "Written English",
        "description": (
            "Grammar, punctuation, spelling and word choice, plus two short writing tasks: a workplace email "
            "and a summary. Suits any role that writes to customers or colleagues."
        ),
        "timeLimitMinutes": 20,
        "passThreshold": 70,
        "lowPassThreshold": 50,
        "content": {
            "categories": [
                {
                    "key": "written-communication",
                    "name": "Written communication",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "we-mc-1",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": "Which sentence is grammatically correct?",
                            "points": 1,
                            "options": [
                                "Each of the managers have approved the budget.",
                                "Each of the managers has approved the budget.",
                                "Each of the manager has approved the budget.",
                                "Each of the managers having approved the budget.",
                            ],
                            "correct": [1],
                        },
                        {
                            "id": "we-mc-2",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": "Which sentence is punctuated correctly?",
                            "points": 1,
                            "options": [
                                "The order arrived on Tuesday, however two items were missing.",
                                "The order arrived on Tuesday however, two items were missing.",
                                "The order arrived on Tuesday; however, two items were missing.",
                                "The order arrived on Tuesday; however two items, were missing.",
                            ],
                            "correct": [2],
                        },
                        {
                            "id": "we-mc-3",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "Choose the word that correctly completes the sentence: "
                                '"Please let me know if the new rota will ____ your team."'
                            ),
                            "points": 1,
                            "options": ["effect", "affect", "effected", "affection"],
                            "correct": [1],
                        },
                        {
                            "id": "we-mc-4",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "Choose the word that correctly completes the sentence: "
                                '"The company updated ____ returns policy last week."'
                            ),
                            "points": 1,
                            "options": ["it's", "its'", "its", "it is"],
                            "correct": [2],
                        },
                        {
                            "id": "we-mc-5",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "Choose the word that correctly completes the sentence: "
                                '"The drivers phoned to say ____ running about twenty minutes late."'
                            ),
                            "points": 1,
                            "options": ["their", "there", "they're", "there're"],
                            "correct": [2],
                        },
                        {
                            "id": "we-mc-6",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": "Which of these sentences are written correctly? Select all that apply.",
                            "points": 1,
                            "options": [
                                "Please send the invoice to Maria and me.",
                                "Between you and I, the deadline is very tight.",
                                "Fewer customers called this week than last week.",
                                "The report was wrote by the finance team.",
                                "We received you're message this morning.",
                            ],
                            "correct": [0, 2],
                        },
                        {
                            "id": "we-mc-7",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": "Which word is spelled correctly?",
                            "points": 1,
                            "options": ["acommodate", "accomodate", "accommodate", "acomodate"],
                            "correct": [2],
                        },
                        {
                            "id": "we-mc-8",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "Three different customers each placed an order. "
                                "Which sentence uses the apostrophe correctly?"
                            ),
                            "points": 1,
                            "options": [
                                "The three customer's orders were shipped on Monday.",
                                "The three customers orders' were shipped on Monday.",
                                "The three customers' orders were shipped on Monday.",
                                "The three customer's' orders were shipped on Monday.",
                            ],
                            "correct": [2],
                        },
                        {
                            "id": "we-st-1",
                            "kind": "SHORT_TEXT",
                            "prompt": (
                                "You have a meeting booked with Sam, an account manager at Northwind Supplies, on "
                                "Thursday at 10 am. Something urgent has come up and you can no longer attend. "
                                "Write a short email to Sam (60 to 120 words) that apologises, explains that you "
                                "cannot make the meeting, suggests a specific new day or time, and asks Sam to "
                                "confirm."
                            ),
                            "points": 3,
                            "rubric": [
                                {
                                    "point": "Apologises for the change",
                                    "keywords": ["apolog*", "sorry", "regret*"],
                                },
                                {
                                    "point": "Says clearly that they cannot attend the original meeting",
                                    "keywords": [
                                        "unable",
                                        "cannot",
                                        "can't",
                                        "can not",
                                        "not be able",
                                        "no longer",
                                        "won't be able",
                                    ],
                                },
                                {
                                    "point": "Proposes moving the meeting",
                                    "keywords": [
                                        "resched*",
                                        "rearrang*",
                                        "postpone*",
                                        "move",
                                        "new time",
                                        "another time",
                                        "alternative",
                                        "instead",
                                    ],
                                },
                                {
                                    "point": "Suggests a specific new day or time",
                                    "keywords": [
                                        "monday",
                                        "tuesday",
                                        "wednesday",
                                        "friday",
                                        "next week",
                                        "morning",
                                        "afternoon",
                                        "am",
                                        "pm",
                                        "o'clock",
                                    ],
                                },
                                {
                                    "point": "Asks Sam to confirm or closes politely",
                                    "keywords": [
                                        "confirm*",
                                        "let me know",
                                        "does that work",
                                        "suit*",
                                        "convenient",
                                        "thank*",
                                    ],
                                },
                            ],
                            "maxWords": 150,
                        },
                        {
                            "id": "we-st-2",
                            "kind": "SHORT_TEXT",
                            "prompt": (
                                "Read the paragraph below, then summarise it in no more than 50 words.\n\n"
                                "From the first of next month, Northwind Supplies is changing how customers return "
                                "goods. Customers will no longer need to phone the service desk first; instead, "
                                "they can start a return on the website by entering their order number. Returns "
                                "must be started within 30 days of delivery, and items must be unused and in their "
                                "original packaging. Once a return is approved, the customer will receive a prepaid "
                                "returns label by email. Refunds will be paid to the original payment method within "
                                "five working days of the item reaching the warehouse."
                            ),
                            "points": 3,
                            "rubric": [
                                {
                                    "point": "Returns are now started online rather than by phone",
                                    "keywords": ["online", "website", "web site", "web"],
                                },
                                {"point": "The 30-day time limit", "keywords": ["30", "thirty"]},
                                {
                                    "point": "Items must be unused and in original packaging",
                                    "keywords": ["unused", "packaging", "unopened", "condition"],
                                },
                                {
                                    "point": "A prepaid returns label is emailed",
                                    "keywords": ["label", "prepaid", "pre-paid", "postage"],
                                },
                                {
                                    "point": "Refunds are paid within five working days",
                                    "keywords": [
                                        "five working days",
                                        "5 working days",
                                        "five business days",
                                        "5 business days",
                                        "five days",
                                        "5 days",
                                        "within five",
                                        "within 5",
                                    ],
                                },
                            ],
                            "maxWords": 60,
                        },
                    ],
                },
            ],
        },
    },
    {
        "libraryKey": "customer-service",
        "name": "Customer service",
        "description": (
            "Situational judgement for customer-facing roles, a written reply to a complaint and a short spoken "
            "call greeting. The spoken answer is marked by a reviewer."
        ),
        "timeLimitMinutes": 20,
        "passThreshold": 70,
        "lowPassThreshold": 50,
        "content": {
            "categories": [
                {
                    "key": "role-knowledge",
                    "name": "Role knowledge",
                    "weight": 2,
                    "questions": [
                        {
                            "id": "cs-mc-1",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "A caller is shouting because their order is a week late. "
                                "What is the best way to start?"
                            ),
                            "points": 1,
                            "options": [
                                "Tell them you will end the call unless they calm down.",
                                "Put them on hold straight away until they have calmed down.",
                                (
                                    "Let them finish, acknowledge their frustration, "
                                    "then ask for the order number so you can check."
                                ),
                                "Transfer them to a supervisor without explaining why.",
                            ],
                            "correct": [2],
                        },
                        {
                            "id": "cs-mc-2",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "Northwind Supplies gives refunds on unused items returned within 30 days of "
                                "delivery. Agents cannot make exceptions, but a team leader can approve a goodwill "
                                "refund. A customer asks for a refund on a kettle that was delivered 45 days ago "
                                "and has been used. What should you do?"
                            ),
                            "points": 1,
                            "options": [
                                "Process the refund anyway to keep the customer happy.",
                                "Tell the customer that refunds are never possible.",
                                (
                                    "Explain politely that the item is outside the refund policy and offer to pass "
                                    "the request to a team leader for a goodwill review."
                                ),
                                "End the call, because nothing can be done.",
                            ],
                            "correct": [2],
                        },
                        {
                            "id": "cs-mc-3",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "A customer contacts you for the third time about the same billing error. "
                                "Only the billing team can correct it. What should you do?"
                            ),
                            "points": 1,
                            "options": [
                                "Ask the customer to call back later when the billing team is less busy.",
                                (
                                    "Apologise, record the full details, escalate it to the billing team through "
                                    "the proper channel and tell the customer what will happen next and when."
                                ),
                                "Promise that it will be fixed today, even though you cannot confirm that.",
                                "Tell the customer to email the billing team themselves.",
                            ],
                            "correct": [1],
                        },
                        {
                            "id": "cs-mc-4",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "A caller says he is the account holder's husband and asks for the delivery address "
                                "and a list of recent orders. He is not listed as an authorised contact on the "
                                "account. What should you do?"
                            ),
                            "points": 1,
                            "options": [
                                "Give him the details, because he is married to the account holder.",
                                "Share the recent orders but not the address.",
                                (
                                    "Explain that you can only discuss the account with the account holder or an "
                                    "authorised contact, and tell him how the account holder can add him."
                                ),
                                "Ask him for the account holder's date of birth and then share the details.",
                            ],
                            "correct": [2],
                        },
                        {
                            "id": "cs-mc-5",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "A customer asks a detailed question about a product and you are not sure of the "
                                "answer. What is the best response?"
                            ),
                            "points": 1,
                            "options": [
                                "Give your best guess so the customer is not kept waiting.",
                                (
                                    "Say you will check, find the correct information or ask a colleague, "
                                    "then give the customer an accurate answer."
                                ),
                                "Tell the customer it is not your department and end the call.",
                                "Tell the customer to search the website for the answer.",
                            ],
                            "correct": [1],
                        },
                        {
                            "id": "cs-mc-6",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "You promised to call a customer back by 3 pm with an update, but the information "
                                "will not be ready until tomorrow. What should you do?"
                            ),
                            "points": 1,
                            "options": [
                                "Wait until tomorrow and call once you have the information.",
                                (
                                    "Call before 3 pm as promised, explain the delay and give a new time "
                                    "for the update."
                                ),
                                "Do not call; the customer will understand.",
                                "Send a one-line email at the end of the day.",
                            ],
                            "correct": [1],
                        },
                    ],
                },
                {
                    "key": "written-communication",
                    "name": "Written communication",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "cs-st-1",
                            "kind": "SHORT_TEXT",
                            "prompt": (
                                "You work in customer service at Northwind Supplies. A customer, Alex, writes:\n\n"
                                '"I ordered a box of printer paper and two toner cartridges (order 48213) ten days '
                                "ago. The paper arrived but the toner did not, and nobody has told me why. I need it "
                                'by Friday. This is not good enough."\n\n'
                                "The toner is now back in stock and can be sent by express delivery, arriving within "
                                "two working days. Write a reply to Alex (80 to 150 words)."
                            ),
                            "points": 3,
                            "rubric": [
                                {"point": "Apologises", "keywords": ["apolog*", "sorry", "regret*"]},
                                {
                                    "point": "Acknowledges the specific problem (the missing toner)",
                                    "keywords": ["toner", "cartridge*", "missing"],
                                },
                                {
                                    "point": "States the resolution or next step (sending the toner)",
                                    "keywords": [
                                        "express",
                                        "dispatch*",
                                        "send",
                                        "sent",
                                        "ship*",
                                        "resend",
                                        "re-send",
                                    ],
                                },
                                {
                                    "point": "Gives a timeframe",
                                    "keywords": [
                                        "two working days",
                                        "2 working days",
                                        "two business days",
                                        "2 business days",
                                        "two days",
                                        "2 days",
                                        "friday",
                                    ],
                                },
                                {
                                    "point": "Closes courteously or offers further help",
                                    "keywords": [
                                        "thank*",
                                        "further",
                                        "any questions",
                                        "anything else",
                                        "contact us",
                                        "get in touch",
                                    ],
                                },
                            ],
                            "maxWords": 180,
                        },
                    ],
                },
                {
                    "key": "speaking",
                    "name": "Speaking",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "cs-sp-1",
                            "kind": "SPOKEN",
                            "prompt": (
                                "You answer the phone line at Northwind Supplies. A caller asks where their order "
                                "is. It was due today but will now arrive in two days because of a problem at the "
                                "warehouse. Greet the caller, explain the delay and tell them what happens next. "
                                "Speak for up to 90 seconds."
                            ),
                            "points": 4,
                            "rubric": [
                                {
                                    "point": "Greets the caller professionally and gives their name or the company"
                                },
                                {"point": "Apologises and shows empathy for the inconvenience"},
                                {"point": "Explains the delay and its reason clearly"},
                                {"point": "Gives the new delivery date and what happens next"},
                                {"point": "Speaks clearly, at a steady pace, with a friendly tone"},
                            ],
                            "maxSeconds": 90,
                        },
                    ],
                },
            ],
        },
    },
    {
        "libraryKey": "numeracy",
        "name": "Workplace numeracy",
        "description": (
            "Everyday workplace arithmetic: percentages, totals, unit prices, shift times, "
            "reading a small table and ratios. No calculator tricks needed."
        ),
        "timeLimitMinutes": 20,
        "passThreshold": 70,
        "lowPassThreshold": 50,
        "content": {
            "categories": [
                {
                    "key": "numeracy",
                    "name": "Numeracy",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "nu-1",
                            "kind": "NUMERIC",
                            "prompt": (
                                "A desk lamp costs $24.00 before tax. Sales tax of 20% is added. "
                                "What is the price including tax?"
                            ),
                            "points": 1,
                            "answer": 28.8,
                            "tolerance": 0.01,
                            "unit": "dollars",
                        },
                        {
                            "id": "nu-2",
                            "kind": "NUMERIC",
                            "prompt": (
                                "An order contains 3 boxes of paper at $18.50 each and 2 packs of pens at $6.25 "
                                "each. What is the total cost of the order?"
                            ),
                            "points": 1,
                            "answer": 68,
                            "tolerance": 0.01,
                            "unit": "dollars",
                        },
                        {
                            "id": "nu-3",
                            "kind": "NUMERIC",
                            "prompt": "A pack of 12 folders costs $9.00. What is the price of one folder?",
                            "points": 1,
                            "answer": 0.75,
                            "tolerance": 0.01,
                            "unit": "dollars",
                        },
                        {
                            "id": "nu-4",
                            "kind": "NUMERIC",
                            "prompt": (
                                "A shift starts at 08:45 and ends at 17:15, with a 45-minute unpaid break. "
                                "How many paid hours is the shift? Give your answer as a decimal (for example, "
                                "6.5 for six and a half hours)."
                            ),
                            "points": 1,
                            "answer": 7.75,
                            "tolerance": 0,
                            "unit": "hours",
                        },
                        {
                            "id": "nu-5",
                            "kind": "NUMERIC",
                            "prompt": (
                                "The service desk handled 240 tickets last month and 282 tickets this month. "
                                "By what percentage did the number of tickets increase?"
                            ),
                            "points": 1,
                            "answer": 17.5,
                            "tolerance": 0.1,
                            "unit": "%",
                        },
                        {
                            "id": "nu-6",
                            "kind": "NUMERIC",
                            "prompt": (
                                "A team answered 385 of its 412 calls within the target time. What percentage of "
                                "calls were answered within target? Round your answer to one decimal place."
                            ),
                            "points": 1,
                            "answer": 93.4,
                            "tolerance": 0.1,
                            "unit": "%",
                        },
                        {
                            "id": "nu-mc-1",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "A warehouse recorded these orders last week: Monday 120, Tuesday 95, "
                                "Wednesday 140, Thursday 110, Friday 135. "
                                "Which day had the second-highest number of orders?"
                            ),
                            "points": 1,
                            "options": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
                            "correct": [4],
                        },
                        {
                            "id": "nu-mc-2",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "A contact centre has 18 agents and 3 supervisors. "
                                "What is the ratio of agents to supervisors in its simplest form?"
                            ),
                            "points": 1,
                            "options": ["3:1", "6:1", "9:2", "18:1"],
                            "correct": [1],
                        },
                        {
                            "id": "nu-mc-3",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "A stock list shows: Item A, 40 units at $2.50 each; Item B, 25 units at $4.00 "
                                "each; Item C, 10 units at $12.00 each. "
                                "Which item has the highest total stock value?"
                            ),
                            "points": 1,
                            "options": ["Item A", "Item B", "Item C", "Items A and B are equal highest"],
                            "correct": [2],
                        },
                    ],
                },
            ],
        },
    },
    {
        "libraryKey": "contact-centre",
        "name": "Contact centre screening",
        "description": (
            "A combined screening for contact-centre agents covering typing, written English, a spoken call, "
            "role knowledge and basic numeracy. The spoken answer is marked by a reviewer."
        ),
        "timeLimitMinutes": 30,
        "passThreshold": 70,
        "lowPassThreshold": 50,
        "content": {
            "categories": [
                {
                    "key": "typing",
                    "name": "Typing",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "cc-tp-1",
                            "kind": "TYPING",
                            "prompt": "Type the passage below as quickly and accurately as you can. You have 60 seconds.",
                            "points": 5,
                            "passage": (
                                "When a customer calls about a late delivery, start by confirming the order number "
                                "and the delivery address. Check the tracking page for the latest update and explain "
                                "clearly what has happened. If the parcel is more than three days late, offer to send "
                                "a replacement or arrange a refund, and note the outcome on the customer record "
                                "before you end the call."
                            ),
                            "durationSeconds": 60,
                            "targetWpm": 40,
                        },
                    ],
                },
                {
                    "key": "written-communication",
                    "name": "Written communication",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "cc-we-1",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": "Which sentence is grammatically correct?",
                            "points": 1,
                            "options": [
                                "I could of called you sooner.",
                                "I could have called you sooner.",
                                "I could of call you sooner.",
                                "I could have call you sooner.",
                            ],
                            "correct": [1],
                        },
                        {
                            "id": "cc-we-2",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "Choose the word that correctly completes the sentence: "
                                '"We have ____ your request to the delivery team."'
                            ),
                            "points": 1,
                            "options": ["past", "passed", "pasted", "passt"],
                            "correct": [1],
                        },
                        {
                            "id": "cc-we-3",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": "Which opening is the most suitable for a chat reply to a customer?",
                            "points": 1,
                            "options": [
                                "hey whats up",
                                "Hi, thanks for getting in touch. I'm happy to help with your order.",
                                "WHAT IS YOUR ORDER NUMBER",
                                "Yeah, go on then, what's the problem?",
                            ],
                            "correct": [1],
                        },
                        {
                            "id": "cc-st-1",
                            "kind": "SHORT_TEXT",
                            "prompt": (
                                "A customer writes in the chat: \"I've been charged twice for order 55102. Can you "
                                'fix this?" You have checked and can see a duplicate payment. The second payment '
                                "will be refunded to the customer's card within 3 to 5 working days. Write your "
                                "chat reply (40 to 100 words)."
                            ),
                            "points": 3,
                            "rubric": [
                                {"point": "Apologises", "keywords": ["apolog*", "sorry", "regret*"]},
                                {
                                    "point": "Confirms the duplicate charge",
                                    "keywords": ["twice", "duplicate*", "double", "second payment", "extra"],
                                },
                                {
                                    "point": "Explains the refund",
                                    "keywords": ["refund*", "reimburs*", "credit*"],
                                },
                                {
                                    "point": "Gives the timeframe",
                                    "keywords": [
                                        "3 to 5",
                                        "3-5",
                                        "three to five",
                                        "working days",
                                        "business days",
                                    ],
                                },
                            ],
                            "maxWords": 120,
                        },
                    ],
                },
                {
                    "key": "speaking",
                    "name": "Speaking",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "cc-sp-1",
                            "kind": "SPOKEN",
                            "prompt": (
                                "A caller wants to change the delivery address on an order that has already been "
                                "shipped. You cannot change the address now, but the caller can either collect the "
                                "parcel from the local depot or ask for a redelivery after the first attempt. "
                                "Explain this to the caller politely and help them choose. "
                                "Speak for up to 90 seconds."
                            ),
                            "points": 4,
                            "rubric": [
                                {"point": "Opens politely and acknowledges the request"},
                                {"point": "Explains clearly why the address cannot be changed"},
                                {"point": "Describes both options accurately"},
                                {"point": "Helps the caller choose and confirms what happens next"},
                                {"point": "Speaks clearly, at a steady pace, with a friendly tone"},
                            ],
                            "maxSeconds": 90,
                        },
                    ],
                },
                {
                    "key": "role-knowledge",
                    "name": "Role knowledge",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "cc-rk-1",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "An upset caller demands to speak to a manager immediately. No manager is available "
                                "right now. What should you do?"
                            ),
                            "points": 1,
                            "options": [
                                "Tell the caller there is no manager and end the call.",
                                "Put the caller on hold until a manager becomes free, however long that takes.",
                                (
                                    "Acknowledge their frustration, explain that no manager is free right now, and "
                                    "offer to help yourself or arrange a manager callback at a set time."
                                ),
                                "Pretend to be the manager.",
                            ],
                            "correct": [2],
                        },
                        {
                            "id": "cc-rk-2",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": "Before discussing a caller's account or order details, what should you normally do?",
                            "points": 1,
                            "options": [
                                "Nothing; anyone who knows the order number may be told everything.",
                                "Verify the caller's identity using the account's security checks.",
                                "Ask for their full card number.",
                                "Read out the address on the account and ask if it is theirs.",
                            ],
                            "correct": [1],
                        },
                        {
                            "id": "cc-rk-3",
                            "kind": "MULTIPLE_CHOICE",
                            "prompt": (
                                "Northwind Supplies' policy says agents may end a contact after one clear warning "
                                "if a customer keeps being abusive. During a chat, a customer starts swearing at "
                                "you. What should you do first?"
                            ),
                            "points": 1,
                            "options": [
                                "End the chat immediately without saying anything.",
                                "Reply in the same tone so they know how it feels.",
                                (
                                    "Calmly warn them that the chat will end if the abuse continues, and keep "
                                    "helping if they stop."
                                ),
                                "Ignore the messages and stop replying.",
                            ],
                            "correct": [2],
                        },
                    ],
                },
                {
                    "key": "numeracy",
                    "name": "Numeracy",
                    "weight": 1,
                    "questions": [
                        {
                            "id": "cc-nu-1",
                            "kind": "NUMERIC",
                            "prompt": (
                                "A customer was charged $45.60 but should have been charged $38.95. "
                                "How much should be refunded?"
                            ),
                            "points": 1,
                            "answer": 6.65,
                            "tolerance": 0.01,
                            "unit": "dollars",
                        },
                        {
                            "id": "cc-nu-2",
                            "kind": "NUMERIC",
                            "prompt": (
                                "Five calls lasted 4, 6, 5, 7 and 8 minutes. What was the average length of a call?"
                            ),
                            "points": 1,
                            "answer": 6,
                            "tolerance": 0,
                            "unit": "minutes",
                        },
                        {
                            "id": "cc-nu-3",
                            "kind": "NUMERIC",
                            "prompt": (
                                "A customer is given a 15% discount on an order worth $80.00. "
                                "What is the price after the discount?"
                            ),
                            "points": 1,
                            "answer": 68,
                            "tolerance": 0.01,
                            "unit": "dollars",
                        },
                    ],
                },
            ],
        },
    },
)


def strong_answer(question: dict):
    """What a strong candidate answers to a question, in the shape ``answer_save`` takes (None for a
    spoken one, which is a recording): the demo's attempts and the tests take the same answers."""
    kind = question["kind"]
    if kind == "MULTIPLE_CHOICE":
        return question["correct"]
    if kind == "NUMERIC":
        return question["answer"]
    if kind == "TYPING":
        return {"typed": question["passage"], "elapsedMs": 60_000, "keystrokes": len(question["passage"])}
    if kind == "SHORT_TEXT":
        keywords = [point["keywords"][0].rstrip("*") for point in question["rubric"] if point.get("keywords")]
        return "I am sorry for the trouble; " + ", ".join(keywords) + "."
    return None
